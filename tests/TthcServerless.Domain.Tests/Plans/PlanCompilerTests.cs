using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

public sealed class PlanCompilerTests
{
    private static readonly PlanIdentity Identity = new("kh-2026", "tien-giang", 2026, null, null, null);

    private static Plan Compile(params PlanTaskDraft[] tasks) =>
        PlanCompiler.Compile(Identity, new PlanDraft(new PlanMetadata(null, null, null, null), [new PlanSection("I", "Mục I")], tasks), Samples.TienGiangRegistry);

    private static PlanTaskDraft Task(int number, string lead, string timeframe, string coordinating = "") =>
        new("I", number, $"Việc {number}", lead, coordinating, "Báo cáo", timeframe);

    [Fact]
    public void Each_lead_agency_gets_one_assignment_with_the_due_date_for_its_level()
    {
        var plan = Compile(Task(1, "UBND cấp huyện, cấp xã", "Tháng 01/2026 (Cấp xã: 02/2026)"));

        Assert.Equal(11 + 31, plan.Assignments.Count);
        Assert.All(plan.Assignments.Where(a => a.Level == "huyen"), a => Assert.Equal(new DateOnly(2026, 1, 31), a.DueDate));
        Assert.All(plan.Assignments.Where(a => a.Level == "xa"), a => Assert.Equal(new DateOnly(2026, 2, 28), a.DueDate));
    }

    [Fact]
    public void A_level_date_that_cannot_be_read_is_reported_while_the_main_date_stands()
    {
        var plan = Compile(Task(1, "UBND cấp huyện", "Quý I/2026 (Cấp huyện: sớm nhất có thể; cấp xã: 05/2026)"));

        Assert.All(plan.Assignments, a => Assert.Equal(new DateOnly(2026, 3, 31), a.DueDate));
        var warning = Assert.Single(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.TimeframePartlyRead);
        Assert.Contains("sớm nhất có thể", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_expanding_to_more_than_the_assignment_limit_is_refused()
    {
        // 42 assignments a task (11 districts and 31 communes).
        var tasks = Enumerable.Range(1, (PlanCompiler.MaxAssignments / 42) + 1).Select(n => Task(n, "UBND cấp huyện, cấp xã", "Quý I/2026")).ToArray();

        var refusal = Assert.Throws<PlanFormatException>(() => Compile(tasks));

        Assert.Contains(PlanCompiler.MaxAssignments.ToString(System.Globalization.CultureInfo.InvariantCulture), refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agency_named_twice_in_a_lead_cell_is_assigned_once()
    {
        var plan = Compile(Task(1, "Sở Tư pháp, Sở, ban, ngành tỉnh", "Quý I/2026"));

        Assert.Equal(19, plan.Assignments.Count);
        Assert.Single(plan.Assignments, a => a.AgencyId == "so-tu-phap");
    }

    [Fact]
    public void Coordinating_agencies_are_recorded_on_the_task_but_not_assigned()
    {
        var plan = Compile(Task(1, "Sở Tư pháp", "Quý I/2026", coordinating: "Sở Nội vụ, Sở Y tế"));

        Assert.Equal(["so-noi-vu", "so-y-te"], plan.Tasks[0].Coordinating.AgencyIds);
        Assert.Equal(["so-tu-phap"], plan.Assignments.Select(a => a.AgencyId));
    }

    [Fact]
    public void An_unresolved_lead_is_a_warning_with_the_text_kept()
    {
        var plan = Compile(Task(1, "Sở Du lịch", "Quý I/2026"));

        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.LeadUnresolved && w.Text == "Sở Du lịch" && w.TaskId == "I.1");
        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.LeadEmpty);
        Assert.Empty(plan.Assignments);
        Assert.Equal("Sở Du lịch", plan.Tasks[0].Lead.Text);
    }

    [Fact]
    public void An_unresolved_coordinating_agency_is_a_warning()
    {
        var plan = Compile(Task(1, "Sở Tư pháp", "Quý I/2026", coordinating: "Hội Luật gia tỉnh"));

        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.CoordinatingUnresolved && w.Text == "Hội Luật gia tỉnh");
    }

    [Fact]
    public void A_vague_coordinating_reference_is_not_a_warning()
    {
        Assert.Empty(Compile(Task(1, "Sở Tư pháp", "Quý I/2026", coordinating: "Các cơ quan, đơn vị có liên quan")).Warnings);
    }

    [Fact]
    public void An_unknown_timeframe_is_unscheduled_with_a_warning_and_the_task_is_still_assigned()
    {
        var plan = Compile(Task(1, "Sở Tư pháp", "Khi nào xong thì báo"));

        Assert.Equal(TimeframeKind.Unscheduled, plan.Tasks[0].Timeframe.Kind);
        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.TimeframeUnscheduled && w.Text == "Khi nào xong thì báo");
        Assert.Null(Assert.Single(plan.Assignments).DueDate);
    }

    [Fact]
    public void A_level_the_registry_does_not_know_is_a_warning()
    {
        var plan = Compile(Task(1, "Sở Tư pháp", "Quý I/2026 (Cấp thôn: 05/2026)"));

        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.TimeframeUnknownLevel);
    }

    [Fact]
    public void A_plan_defined_abbreviation_for_an_unknown_agency_is_a_warning()
    {
        var plan = Compile(Task(1, "Ban Chỉ đạo tỉnh (sau đây gọi tắt là Ban Chỉ đạo)", "Quý I/2026"));

        Assert.Contains(plan.Warnings, w => w.Code == PlanCompiler.WarningCodes.AliasUnknownTarget);
    }

    [Fact]
    public void An_abbreviation_defined_in_one_task_applies_to_every_task()
    {
        var plan = Compile(
            Task(1, "Sở Tư pháp", "Quý I/2026", coordinating: "Sở Thông tin và Truyền thông (sau đây gọi tắt là Sở TTTT)"),
            Task(2, "Sở TTTT", "Quý II/2026"));

        Assert.Equal(["so-thong-tin-va-truyen-thong"], plan.Tasks[1].Lead.AgencyIds);
    }

    [Fact]
    public void Compiling_twice_gives_the_same_fingerprint_and_a_changed_timeframe_does_not()
    {
        var first = Compile(Task(1, "Sở Tư pháp", "Quý I/2026"));
        var same = Compile(Task(1, "Sở Tư pháp", "Quý I/2026"));
        var changed = Compile(Task(1, "Sở Tư pháp", "Quý II/2026"));

        Assert.Equal(PlanFingerprint.Of(first), PlanFingerprint.Of(same));
        Assert.NotEqual(PlanFingerprint.Of(first), PlanFingerprint.Of(changed));
    }
}
