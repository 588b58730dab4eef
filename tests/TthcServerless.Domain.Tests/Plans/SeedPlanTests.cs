using System.Globalization;
using System.Text;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

/// <summary>The real Tiền Giang 2022 plan (Quyết định 45/QĐ-UBND), imported as it was published.</summary>
public sealed class SeedPlanTests
{
    private static readonly Plan Plan = Samples.CompileTienGiangPlan();

    private const string Groups3 = "so-ban-nganh-tinh ubnd-cap-huyen ubnd-cap-xa";
    private const string VanPhong = "Văn phòng";

    /// <summary>Each task as the plan states it: number, the start of its content, lead, coordinating, output, timeframe kind and due date, and the lead's agencies (ids or groups).</summary>
    public static TheoryData<string, string, string, string, string, TimeframeKind, string?, string> Tasks => new()
    {
        { "I.1", "Kế hoạch thực hiện nhiệm vụ kiểm soát TTHC, cơ chế một cửa", "Văn phòng Ủy ban nhân dân tỉnh (sau đây gọi tắt là Văn phòng)", "Sở, ban, ngành tỉnh và UBND cấp huyện, cấp xã", "Quyết định, Kế hoạch", TimeframeKind.Deadline, "2022-01-31", "van-phong-ubnd-tinh" },
        { "I.2", "Kế hoạch kiểm tra thực hiện công tác kiểm soát TTHC", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện", "Kế hoạch", TimeframeKind.Deadline, "2022-03-31", "van-phong-ubnd-tinh" },
        { "I.3", "Kế hoạch rà soát quy định, TTHC", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện", "Quyết định, Kế hoạch", TimeframeKind.Deadline, "2022-03-31", "van-phong-ubnd-tinh" },
        { "I.4", "Tiếp tục triển khai việc tiếp nhận hồ sơ và trả kết quả giải quyết TTHC tại Bưu điện huyện", "Sở Thông tin và Truyền thông", "Văn phòng, Bưu điện tỉnh", "Kế hoạch hoặc Công văn", TimeframeKind.Deadline, "2022-03-31", "so-thong-tin-va-truyen-thong" },
        { "I.5", "Các văn bản chỉ đạo thực hiện công tác kiểm soát TTHC", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện", "Công văn", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "I.6", "Tổng hợp, trình Chủ tịch Ủy ban nhân dân tỉnh phê duyệt cán bộ đầu mối", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện", "Quyết định", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "I.7", "Triển khai các nội dung liên quan đến Cổng Dịch vụ công Quốc gia", VanPhong, "Sở, ban, ngành tỉnh", "Công văn", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "II.1", "Tham gia tập huấn nghiệp vụ do Cục Kiểm soát TTHC - Văn phòng Chính phủ tổ chức", VanPhong, "Sở, ban, ngành tỉnh", "", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "II.2", "Tổ chức tập huấn nghiệp vụ về kiểm soát TTHC", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện, cấp xã", "Kế hoạch", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "II.3", "Hướng dẫn nghiệp vụ, theo dõi, đôn đốc việc thực hiện nhiệm vụ kiểm soát TTHC", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện, cấp xã", "Công văn", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "II.4", "Hướng dẫn nghiệp vụ, theo dõi, đôn đốc việc thực hiện các nhiệm vụ liên quan đến Cổng Dịch vụ công Quốc gia", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện,", "Công văn", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "III.1", "Đánh giá tác động TTHC trong dự thảo văn bản quy phạm pháp luật", "Sở, ban, ngành tỉnh (cơ quan chủ trì soạn thảo)", "Sở Tư pháp", "VBQPPL", TimeframeKind.Recurring, null, "so-ban-nganh-tinh" },
        { "III.2", "Cập nhật, xây dựng dự thảo Quyết định công bố TTHC", "Các cơ quan chuyên môn thuộc UBND tỉnh", VanPhong, "Quyết định", TimeframeKind.Recurring, null, "co-quan-chuyen-mon-ubnd-tinh" },
        { "III.3", "Cập nhật, đăng tải thông tin TTHC đã được công bố vào Cơ sở dữ liệu quốc gia về TTHC", VanPhong, "", "TTHC được công khai đầy đủ, rõ ràng", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "III.4", "Kết nối, tích hợp dữ liệu TTHC từ Cơ sở dữ liệu quốc gia về TTHC", "Các cơ quan chuyên môn thuộc UBND tỉnh", VanPhong, "TTHC được kết nối", TimeframeKind.Recurring, null, "co-quan-chuyen-mon-ubnd-tinh" },
        { "III.5", "Niêm yết, công khai TTHC tại Trung tâm Phục vụ hành chính công tỉnh", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", VanPhong, "TTHC được công khai đầy đủ, rõ ràng", TimeframeKind.Recurring, null, Groups3 },
        { "III.6", "Thực hiện giải quyết TTHC đã được công bố theo quy định tại các Điều 18, Điều 20", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Các cơ quan, đơn vị có liên quan", "TTHC được thực hiện đúng theo quy định", TimeframeKind.Recurring, null, Groups3 },
        { "III.7", "Nhập, số hóa tất cả hồ sơ nhận giải quyết TTHC", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Văn phòng, Sở Thông tin và Truyền thông", "", TimeframeKind.Recurring, null, Groups3 },
        { "III.8", "Rà soát quy định, TTHC theo Kế hoạch", "Sở, ban, ngành tỉnh", "Văn phòng và UBND cấp huyện", "Quyết định và Báo cáo", TimeframeKind.EventDriven, null, "so-ban-nganh-tinh" },
        { "III.9", "Thực hiện đánh giá việc giải quyết TTHC theo cơ chế một cửa, một cửa liên thông", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", VanPhong, "", TimeframeKind.EventDriven, null, Groups3 },
        { "III.10", "Xây dựng, cập nhật bộ hồ sơ mẫu, video hướng dẫn", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", VanPhong, "Hồ sơ mẫu", TimeframeKind.Recurring, null, Groups3 },
        { "III.11", "Tiếp tục triển khai thực hiện TTHC thuộc thẩm quyền giải quyết của các cơ quan Trung ương", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", VanPhong, "", TimeframeKind.EventDriven, null, Groups3 },
        { "III.12", "Đẩy mạnh việc tích hợp, cung cấp dịch vụ công trực tuyến", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Văn phòng, Sở Thông tin và Truyền thông", "", TimeframeKind.Recurring, null, Groups3 },
        { "III.13", "Triển khai thực hiện Đề án đổi mới việc thực hiện cơ chế một cửa", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Văn phòng, Sở Thông tin và Truyền thông", "", TimeframeKind.EventDriven, null, Groups3 },
        { "III.14", "Triển khai các nội dung, hệ thống có liên quan đến Cổng dịch vụ công Quốc gia về giải quyết TTHC.", VanPhong, "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Công văn", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "IV.1", "Đôn đốc, kiểm tra và báo cáo kịp thời UBND, Chủ tịch UBND tỉnh", VanPhong, "Đơn vị có liên quan", "Công văn", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "IV.2", "Niêm yết, công khai và thực hiện việc tiếp nhận, xử lý các phản ánh, kiến nghị", "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", VanPhong, "Công khai theo đúng mẫu hướng dẫn", TimeframeKind.Recurring, null, Groups3 },
        { "IV.3", "Triển khai, thiết lập Hệ thống thông tin tiếp nhận, xử lý phản ánh, kiến nghị", VanPhong, "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Công văn", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "V.1", "Duy trì chuyên mục \"Cải cách TTHC\"", VanPhong, "Sở, ban, ngành tỉnh và UBND cấp huyện", "Chương trình hoặc Kế hoạch của cơ quan, đơn vị chức năng", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "V.2", "Phối hợp đưa thông tin nội dung cụ thể của TTHC đã được công bố lên trên Báo, Đài", VanPhong, "Báo Ấp Bắc, Đài Phát thanh và Truyền hình tỉnh", "Đảm bảo công khai, minh bạch, tạo thuận lợi cho người dân thực hiện TTHC", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "V.3", "Tuyên truyền về tiếp nhận hồ sơ và trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích", "Sở, ban, ngành tỉnh và UBND cấp huyện, cấp xã", VanPhong, "", TimeframeKind.Recurring, null, Groups3 },
        { "VI.1", "Báo cáo công tác kiểm soát TTHC, triển khai cơ chế một cửa", VanPhong, "Sở, ban, ngành tỉnh, UBND cấp huyện", "Báo cáo", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
        { "VI.2", "Kiểm tra công tác kiểm soát TTHC, cơ chế một cửa, một cửa liên thông tại các sở, ban, ngành tỉnh", VanPhong, "Sở Nội vụ và các đơn vị liên quan", "Báo cáo", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "VI.3", "Kiểm tra việc thực hiện Quyết định số 2191/QĐ-UBND ngày 24/8/2015", VanPhong, "Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Báo cáo", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "VI.4", "Tổ chức đi học tập, trao đổi kinh nghiệm về cải cách TTHC", VanPhong, "Các đơn vị liên quan", "Báo cáo", TimeframeKind.EventDriven, null, "van-phong-ubnd-tinh" },
        { "VI.5", "Xây dựng Chương trình, Kế hoạch kiểm soát TTHC, cơ chế một cửa, một cửa liên thông năm 2023", VanPhong, "Sở, ban, ngành tỉnh", "Quyết định, Kế hoạch", TimeframeKind.Deadline, "2023-01-31", "van-phong-ubnd-tinh" },
        { "VI.6", "Giám sát, đôn đốc việc tiếp nhận và trả kết quả giải quyết TTHC tại Trung tâm Phục vụ hành chính công tỉnh", VanPhong, "Sở, ban, ngành tỉnh", "", TimeframeKind.Recurring, null, "van-phong-ubnd-tinh" },
    };

    [Fact]
    public void The_plan_has_37_tasks_in_sections_I_to_VI()
    {
        Assert.Equal(["I", "II", "III", "IV", "V", "VI"], Plan.Sections.Select(s => s.Number));
        Assert.Equal(37, Plan.Tasks.Count);
        Assert.Equal([7, 4, 14, 3, 3, 6], Plan.Sections.Select(s => Plan.Tasks.Count(t => t.SectionNumber == s.Number)));
        Assert.Equal("XÂY DỰNG VÀ BAN HÀNH VĂN BẢN CHỈ ĐẠO ĐIỀU HÀNH", Plan.Sections[0].Title);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Each_task_is_read_as_published(string taskId, string contentStart, string lead, string coordinating, string output, TimeframeKind kind, string? due, string leadAgencies)
    {
        var task = Assert.Single(Plan.Tasks, t => t.Id == taskId);

        Assert.StartsWith(contentStart, task.Content, StringComparison.Ordinal);
        Assert.Equal(lead, task.Lead.Text);
        Assert.Equal(coordinating, task.Coordinating.Text);
        Assert.Equal(output, task.ExpectedOutput);
        Assert.Equal(kind, task.Timeframe.Kind);
        Assert.Equal(due is null ? null : DateOnly.Parse(due, CultureInfo.InvariantCulture), task.Timeframe.DueDate);
        Assert.Equal(Expand(leadAgencies), task.Lead.AgencyIds);
        Assert.Equal(task.Lead.AgencyIds, Plan.Assignments.Where(a => a.TaskId == taskId).Select(a => a.AgencyId));
    }

    [Fact]
    public void A_long_task_content_is_kept_whole()
    {
        var task = Plan.Tasks.Single(t => t.Id == "I.5");

        Assert.Equal(
            "Các văn bản chỉ đạo thực hiện công tác kiểm soát TTHC, cơ chế một cửa, một cửa liên thông theo tình hình thực tế địa phương và chỉ đạo của Chính phủ, Thủ tướng Chính phủ, hướng dẫn của Văn phòng Chính phủ",
            task.Content);
    }

    [Fact]
    public void Van_phong_resolves_to_the_office_because_the_plan_defines_it()
    {
        Assert.Equal(new Domain.Agencies.PlanAlias("Văn phòng", Domain.Agencies.AgencyPhrasePartKind.Agency, "van-phong-ubnd-tinh"), Assert.Single(Plan.Aliases));
        Assert.All(Plan.Tasks.Where(t => t.Lead.Text == VanPhong), t => Assert.Equal(["van-phong-ubnd-tinh"], t.Lead.AgencyIds));
    }

    [Fact]
    public void Group_expansion_counts_match_the_sample_registry()
    {
        Assert.Equal(19 + 11 + 31, Plan.Tasks.Single(t => t.Id == "III.5").Lead.AgencyIds.Count);
        Assert.Equal(19, Plan.Tasks.Single(t => t.Id == "III.8").Lead.AgencyIds.Count);
        Assert.Equal(18, Plan.Tasks.Single(t => t.Id == "III.2").Lead.AgencyIds.Count);
        Assert.Equal(19 + 11, Plan.Tasks.Single(t => t.Id == "I.2").Coordinating.AgencyIds.Count);
        Assert.Equal(707, Plan.Assignments.Count);
    }

    [Fact]
    public void The_only_level_specific_date_gives_communes_February_and_everyone_else_January()
    {
        var task = Plan.Tasks.Single(t => t.Id == "I.1");

        Assert.Equal(new DateOnly(2022, 2, 28), task.Timeframe.DueDateFor(level => Samples.TienGiangRegistry.FindLevel(level)?.Id == "xa"));
        Assert.Equal(new DateOnly(2022, 1, 31), Plan.Assignments.Single(a => a.TaskId == "I.1").DueDate);
    }

    [Fact]
    public void The_real_plan_imports_without_warnings()
    {
        Assert.Empty(Plan.Warnings);
    }

    [Fact]
    public void The_drafting_agency_qualifier_is_kept_on_the_lead()
    {
        Assert.Equal("cơ quan chủ trì soạn thảo", Plan.Tasks.Single(t => t.Id == "III.1").Lead.Parts.Single().Qualifier);
    }

    [Fact]
    public void The_title_year_and_issuing_decision_are_read_from_the_preamble()
    {
        var metadata = PlanTableInterpreter.Interpret(PlanTextReader.Read(Samples.TienGiangPlanText)).Metadata;

        Assert.StartsWith("KẾ HOẠCH THỰC HIỆN NHIỆM VỤ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH", metadata.Title, StringComparison.Ordinal);
        Assert.Equal(2022, metadata.Year);
        Assert.Equal("45/QĐ-UBND", metadata.DecisionNumber);
        Assert.Equal(new DateOnly(2022, 1, 7), metadata.DecisionDate);
    }

    [Fact]
    public void The_same_text_with_decomposed_diacritics_and_CRLF_line_endings_imports_identically()
    {
        var messy = Samples.TienGiangPlanText.Normalize(NormalizationForm.FormD).Replace("\n", "\r\n", StringComparison.Ordinal);

        var again = Samples.CompileTienGiangPlan(messy);

        Assert.Equal(PlanFingerprint.Of(Plan), PlanFingerprint.Of(again));
        Assert.Equal(Plan.Tasks.Select(t => t.Content), again.Tasks.Select(t => t.Content));
    }

    private static List<string> Expand(string ids)
    {
        var registry = Samples.TienGiangRegistry;
        return [.. ids.Split(' ').SelectMany(id => registry.FindGroup(id) is null ? [id] : registry.MembersOf(id).Select(a => a.Id)).Distinct()];
    }
}
