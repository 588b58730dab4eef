using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Hardening;

/// <summary>
/// Identifiers and enumerations are exact: ASCII digits only, no whitespace around them, refused rather than trimmed
/// (docs/api.md, "Identifiers and enumerations"). Free text is what gets cleaned.
/// </summary>
public sealed class ExactValueTests
{
    [Theory]
    [InlineData("٢٠٢٢-03")]
    [InlineData("２０２２-03")]
    [InlineData("2022-٠٣")]
    [InlineData("2022-Q١")]
    [InlineData("2022-H２")]
    [InlineData("२०२२")]
    public void A_period_written_with_digits_other_than_ascii_is_not_a_period(string id) => Assert.Null(ReportingPeriod.ParseId(id));

    [Theory]
    [InlineData("2022-03\n")]
    [InlineData("2022-03\r\n")]
    [InlineData(" 2022-03")]
    [InlineData("2022-Q1 ")]
    [InlineData("2022\t")]
    public void A_period_with_whitespace_around_it_is_not_a_period(string id) => Assert.Null(ReportingPeriod.ParseId(id));

    [Theory]
    [InlineData("so-tu-phap\n")]
    [InlineData(" so-tu-phap")]
    [InlineData("so-tu-phap ")]
    [InlineData("so-tu-phap\r\n")]
    [InlineData("sở-tư-pháp")]
    [InlineData("so-１")]
    public void An_id_with_whitespace_or_other_than_ascii_letters_and_digits_is_not_an_id(string id) => Assert.False(AgencyRegistry.IsValidId(id));

    [Theory]
    [InlineData("ke-hoach\n")]
    [InlineData(" ke-hoach")]
    [InlineData("ke-hoach-２０２２")]
    public void A_plan_id_with_whitespace_or_other_than_ascii_is_not_a_plan_id(string id) => Assert.False(PlanIdentityRules.IsValidPlanId(id));

    [Fact]
    public void An_agency_document_is_not_trimmed_into_a_valid_agency()
    {
        var agency = new AgencyDocument { Id = "so-moi\n", Name = "  Sở   Mới ", Level = "tinh ", Kind = " so", Groups = ["so-ban-nganh-tinh "] }.ToAgency();

        var error = Assert.Throws<AgencyRegistryException>(() => AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups, [agency]));

        Assert.Equal("Sở Mới", agency.Name); // free text is cleaned
        Assert.Contains(error.Errors, e => e.Field == "agencies[0].id");
        Assert.Contains(error.Errors, e => e.Field == "agencies[0].level");
        Assert.Contains(error.Errors, e => e.Field == "agencies[0].kind");
        Assert.Contains(error.Errors, e => e.Field == "agencies[0].groups");
    }

    [Fact]
    public void Merging_two_records_of_one_agency_in_one_change_is_refused()
    {
        var registry = AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups, [new("so-y-te", "Sở Y tế", "tinh", null, "so", [], [])]);

        var error = Assert.Throws<AgencyRegistryException>(() => registry.WithAgencies(
        [
            new("so-a", "Sở A", "tinh", null, "so", [], []),
            new("so-a", "Sở A mới", "tinh", null, "so", [], []),
        ]));

        Assert.Equal("agencies[1].id", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Merging_two_agencies_that_share_an_alias_is_refused()
    {
        var registry = AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups, []);

        var error = Assert.Throws<AgencyRegistryException>(() => registry.WithAgencies(
        [
            new("so-a", "Sở A", "tinh", null, "so", [], ["Sở chung"]),
            new("so-b", "Sở B", "tinh", null, "so", [], ["Sở chung"]),
        ]));

        Assert.Contains(error.Errors, e => e.Message.Contains("Sở chung", StringComparison.Ordinal));
    }
}

/// <summary>The import limits hold on the draft, whatever format it was read from.</summary>
public sealed class PlanLimitTests
{
    private static PlanDraft Draft(int sections, int tasksPerSection = 1, int titleLength = 5, int cellLength = 10) => new(
        new PlanMetadata(null, 2022, null, null),
        [.. Enumerable.Range(1, sections).Select(n => new PlanSection($"S{n}", new string('t', titleLength)))],
        [.. Enumerable.Range(1, sections).SelectMany(s => Enumerable.Range(1, tasksPerSection).Select(t => new PlanTaskDraft($"S{s}", t, new string('c', cellLength), "", "", "", "")))]);

    [Fact]
    public void A_plan_at_every_limit_passes() => PlanLimits.Check(Draft(PlanLimits.MaxSections, PlanLimits.MaxTasks / PlanLimits.MaxSections, PlanLimits.MaxSectionTitleLength, PlanLimits.MaxCellLength));

    [Fact]
    public void A_plan_of_201_sections_is_refused() =>
        Assert.Contains("200 mục", Assert.Throws<PlanFormatException>(() => PlanLimits.Check(Draft(201))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_plan_of_2001_tasks_is_refused() =>
        Assert.Contains("2000 nhiệm vụ", Assert.Throws<PlanFormatException>(() => PlanLimits.Check(Draft(1, 2001))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_section_title_of_401_characters_is_refused() =>
        Assert.Contains("400", Assert.Throws<PlanFormatException>(() => PlanLimits.Check(Draft(1, titleLength: 401))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_cell_of_8001_characters_is_refused() =>
        Assert.Contains("8000", Assert.Throws<PlanFormatException>(() => PlanLimits.Check(Draft(1, cellLength: 8001))).Message, StringComparison.Ordinal);
}
