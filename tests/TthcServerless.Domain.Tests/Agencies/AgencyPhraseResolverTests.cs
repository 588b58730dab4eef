using System.Text;
using TthcServerless.Domain.Agencies;

namespace TthcServerless.Domain.Tests.Agencies;

public sealed class AgencyPhraseResolverTests
{
    private static readonly AgencyRegistry Registry = Samples.TienGiangRegistry;
    private static readonly PlanAlias VanPhong = new("Văn phòng", AgencyPhrasePartKind.Agency, "van-phong-ubnd-tinh");

    private static AgencyPhraseResolution Resolve(string phrase) => Registry.CreateResolver([VanPhong]).Resolve(phrase);

    private static int Members(params string[] groups) => groups.Sum(g => Registry.MembersOf(g).Count);

    [Fact]
    public void A_list_of_groups_with_an_elliptical_level_expands_to_every_member()
    {
        var resolution = Resolve("Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã");

        Assert.Equal(["so-ban-nganh-tinh", "ubnd-cap-huyen", "ubnd-cap-xa"], resolution.Parts.Select(p => p.TargetId));
        Assert.Equal(Members("so-ban-nganh-tinh", "ubnd-cap-huyen", "ubnd-cap-xa"), resolution.AgencyIds.Count);
        Assert.True(resolution.IsFullyResolved);
    }

    [Fact]
    public void Groups_joined_by_va_resolve_the_same_way()
    {
        var resolution = Resolve("Sở, ban, ngành tỉnh và UBND cấp huyện, cấp xã");

        Assert.Equal(["so-ban-nganh-tinh", "ubnd-cap-huyen", "ubnd-cap-xa"], resolution.Parts.Select(p => p.TargetId));
    }

    [Fact]
    public void A_plan_abbreviation_and_an_agency_with_a_short_name_resolve_to_two_agencies()
    {
        var resolution = Resolve("Văn phòng, Bưu điện tỉnh");

        Assert.Equal(["van-phong-ubnd-tinh", "buu-dien-tinh"], resolution.AgencyIds);
    }

    [Fact]
    public void Names_containing_va_stay_whole()
    {
        Assert.Equal(["bao-ap-bac", "dai-phat-thanh-va-truyen-hinh-tinh"], Resolve("Báo Ấp Bắc, Đài Phát thanh và Truyền hình tỉnh").AgencyIds);
        Assert.Equal(["van-phong-ubnd-tinh", "so-thong-tin-va-truyen-thong"], Resolve("Văn phòng, Sở Thông tin và Truyền thông").AgencyIds);
    }

    [Fact]
    public void A_parenthetical_is_kept_as_a_qualifier_of_the_piece_before_it()
    {
        var resolution = Resolve("Sở, ban, ngành tỉnh (cơ quan chủ trì soạn thảo)");

        var part = Assert.Single(resolution.Parts);
        Assert.Equal("so-ban-nganh-tinh", part.TargetId);
        Assert.Equal("cơ quan chủ trì soạn thảo", part.Qualifier);
    }

    [Fact]
    public void Unknown_text_is_kept_verbatim_and_reported_never_dropped()
    {
        var resolution = Resolve("Sở Tư pháp, Sở Du lịch và Thể thao, UBND cấp huyện");

        var unresolved = Assert.Single(resolution.Unresolved);
        Assert.Equal("Sở Du lịch và Thể thao", unresolved.Text);
        Assert.Contains("so-tu-phap", resolution.AgencyIds);
        Assert.False(resolution.IsFullyResolved);
    }

    [Fact]
    public void A_deliberately_vague_reference_is_generic_not_unresolved()
    {
        var resolution = Resolve("Sở Nội vụ và các đơn vị liên quan");

        Assert.Equal([AgencyPhrasePartKind.Agency, AgencyPhrasePartKind.Generic], resolution.Parts.Select(p => p.Kind));
        Assert.Equal(["so-noi-vu"], resolution.AgencyIds);
    }

    [Fact]
    public void A_vague_reference_split_by_a_comma_stays_one_generic_piece()
    {
        var part = Assert.Single(Resolve("Các cơ quan, đơn vị có liên quan").Parts);

        Assert.Equal(AgencyPhrasePartKind.Generic, part.Kind);
        Assert.Equal("Các cơ quan, đơn vị có liên quan", part.Text);
    }

    [Fact]
    public void Matching_ignores_case_spacing_NFD_and_old_tone_placement()
    {
        var messy = "  sở,  BAN,ngành   TỈNH và  uỷ ban nhân dân cấp huyện ".Normalize(NormalizationForm.FormD);

        Assert.Equal(Resolve("Sở, ban, ngành tỉnh và UBND cấp huyện").AgencyIds, Resolve(messy).AgencyIds);
    }

    [Fact]
    public void A_trailing_comma_or_space_changes_nothing()
    {
        Assert.Equal(Resolve("Sở, ban, ngành tỉnh và UBND cấp huyện").AgencyIds, Resolve("Sở, ban, ngành tỉnh và UBND cấp huyện,").AgencyIds);
        Assert.Equal(["van-phong-ubnd-tinh"], Resolve("Văn phòng ").AgencyIds);
    }

    [Fact]
    public void An_empty_cell_or_a_no_break_space_names_nobody_without_complaint()
    {
        var resolution = Resolve("\u00A0");

        Assert.Empty(resolution.Parts);
        Assert.True(resolution.IsFullyResolved);
    }

    [Fact]
    public void Without_the_plans_definition_Van_phong_alone_is_not_an_agency()
    {
        var resolution = Registry.CreateResolver().Resolve("Văn phòng");

        Assert.Equal(AgencyPhrasePartKind.Unresolved, Assert.Single(resolution.Parts).Kind);
    }

    [Fact]
    public void A_cell_that_defines_an_abbreviation_yields_the_definition()
    {
        var (alias, definition) = Assert.Single(Registry.CreateResolver().FindAliasDefinitions("Văn phòng Ủy ban nhân dân tỉnh (sau đây gọi tắt là Văn phòng)"));

        Assert.Equal("Văn phòng", alias);
        Assert.Equal("van-phong-ubnd-tinh", definition!.TargetId);
    }

    [Fact]
    public void The_defining_parenthetical_is_not_a_qualifier()
    {
        var part = Assert.Single(Resolve("Văn phòng Ủy ban nhân dân tỉnh (sau đây gọi tắt là Văn phòng)").Parts);

        Assert.Null(part.Qualifier);
        Assert.Equal("van-phong-ubnd-tinh", part.TargetId);
    }

    [Fact]
    public void An_abbreviation_defined_for_an_unknown_agency_yields_no_target()
    {
        var (alias, definition) = Assert.Single(Registry.CreateResolver().FindAliasDefinitions("Ban Chỉ đạo không có (sau đây gọi tắt là Ban)"));

        Assert.Equal("Ban", alias);
        Assert.Null(definition);
    }

    [Theory]
    [InlineData("Các sở, ban, ngành")]
    [InlineData("các Sở, ban, ngành tỉnh")]
    [InlineData("Sở ban ngành tỉnh")]
    [InlineData("Sở, ngành")]
    public void Common_variants_of_the_department_group_resolve(string phrase)
    {
        var resolution = Resolve(phrase);

        Assert.Equal("so-ban-nganh-tinh", Assert.Single(resolution.Parts).TargetId);
    }

    [Theory]
    [InlineData("UBND các xã, phường, thị trấn")]
    [InlineData("Ủy ban nhân dân cấp xã")]
    [InlineData("UBND các xã, phường")]
    public void Common_variants_of_the_commune_group_resolve(string phrase)
    {
        Assert.Equal("ubnd-cap-xa", Assert.Single(Resolve(phrase).Parts).TargetId);
    }
}
