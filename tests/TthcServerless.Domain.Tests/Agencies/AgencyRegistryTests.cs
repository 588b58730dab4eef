using TthcServerless.Domain.Agencies;

namespace TthcServerless.Domain.Tests.Agencies;

public sealed class AgencyRegistryTests
{
    private static Agency Department(string id, string name, params string[] aliases) => new(id, name, "tinh", null, "so", [], aliases);

    [Fact]
    public void Group_members_are_agencies_matching_the_groups_rule_plus_those_that_list_the_group()
    {
        var registry = AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups,
        [
            Department("so-y-te", "Sở Y tế"),
            new("cuc-thue", "Cục Thuế tỉnh", "tinh", null, "nganh-doc", ["so-ban-nganh-tinh"], []),
            new("cong-an", "Công an tỉnh", "tinh", null, "nganh-doc", [], []),
        ]);

        Assert.Equal(["so-y-te", "cuc-thue"], registry.MembersOf("so-ban-nganh-tinh").Select(a => a.Id));
    }

    [Fact]
    public void An_agencys_groups_are_exactly_the_groups_it_is_a_member_of()
    {
        var registry = AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups,
        [
            Department("so-y-te", "Sở Y tế"),
            new("cong-an", "Công an tỉnh", "tinh", null, "nganh-doc", [], []),
        ]);

        foreach (var agency in registry.Agencies)
        {
            Assert.Equal(registry.Groups.Where(g => registry.MembersOf(g.Id).Any(m => m.Id == agency.Id)).Select(g => g.Id), registry.GroupsOf(agency.Id));
        }

        Assert.Contains("so-ban-nganh-tinh", registry.GroupsOf("so-y-te"));
        Assert.Empty(registry.GroupsOf("khong-co"));
    }

    [Fact]
    public void An_agency_at_an_unknown_level_is_refused_with_the_known_levels_named()
    {
        var error = Assert.Throws<AgencyRegistryException>(() => AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups,
            [new Agency("so-y-te", "Sở Y tế", "quan", null, "so", [], [])]));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("agencies[0].level", problem.Field);
        Assert.Contains("tinh", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_parent_or_group_is_refused()
    {
        var error = Assert.Throws<AgencyRegistryException>(() => AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups,
            [new Agency("xa-a", "UBND xã A", "xa", "huyen-khong-co", "ubnd", ["nhom-la"], [])]));

        Assert.Contains(error.Errors, e => e.Field == "agencies[0].parentId");
        Assert.Contains(error.Errors, e => e.Field == "agencies[0].groups");
    }

    [Fact]
    public void Two_agencies_with_the_same_id_are_refused()
    {
        var error = Assert.Throws<AgencyRegistryException>(() => AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups,
            [Department("so-y-te", "Sở Y tế"), Department("so-y-te", "Sở Y tế tỉnh")]));

        Assert.Contains(error.Errors, e => e.Message.Contains("khai báo hai lần", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_that_means_two_agencies_is_refused_even_when_written_differently()
    {
        var error = Assert.Throws<AgencyRegistryException>(() => AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups,
            [Department("vp-a", "Văn phòng UBND tỉnh"), Department("vp-b", "Văn phòng Ủy ban nhân dân tỉnh")]));

        Assert.Contains(error.Errors, e => e.Message.Contains("đã là tên của cơ quan 'vp-a'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sở Y tế")]
    [InlineData("so_y_te")]
    [InlineData("")]
    [InlineData("-so")]
    [InlineData("so-")]
    [InlineData("so--y-te")]
    public void Ids_must_be_lowercase_slugs(string id)
    {
        Assert.Throws<AgencyRegistryException>(() => AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups, [Department(id, "Sở Y tế")]));
    }

    [Fact]
    public void A_parent_chain_that_loops_is_refused()
    {
        var error = Assert.Throws<AgencyRegistryException>(() => AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups,
        [
            new Agency("a", "Đơn vị A", "tinh", "b", null, [], []),
            new Agency("b", "Đơn vị B", "tinh", "a", null, [], []),
        ]));

        Assert.Contains(error.Errors, e => e.Message.Contains("quay vòng", StringComparison.Ordinal));
    }

    [Fact]
    public void Levels_are_found_by_id_name_or_alias()
    {
        var registry = DefaultRegistry.Empty;

        Assert.Equal("xa", registry.FindLevel("Cấp xã")?.Id);
        Assert.Equal("xa", registry.FindLevel("xã, phường, thị trấn")?.Id);
        Assert.Equal("huyen", registry.FindLevel("huyen")?.Id);
        Assert.Null(registry.FindLevel("cấp thôn"));
    }

    [Fact]
    public void A_province_after_the_2025_reform_can_have_only_two_levels()
    {
        var registry = AgencyRegistry.Create(
            [new AgencyLevel("tinh", "Cấp tỉnh", 1, []), new AgencyLevel("xa", "Cấp xã", 2, ["xã, phường, đặc khu"])],
            [new AgencyGroup("ubnd-cap-xa", "UBND xã, phường, đặc khu", ["UBND cấp xã"], "xa", ["ubnd"])],
            [new Agency("dac-khu-con-dao", "Ủy ban nhân dân đặc khu Côn Đảo", "xa", null, "ubnd", [], [])]);

        Assert.Null(registry.FindLevel("Cấp huyện"));
        Assert.Single(registry.MembersOf("ubnd-cap-xa"));
    }

    [Fact]
    public void Upserting_agencies_replaces_by_id_and_revalidates()
    {
        var registry = AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups, [Department("so-y-te", "Sở Y tế")]);

        var updated = registry.WithAgencies([Department("so-y-te", "Sở Y tế tỉnh Tiền Giang"), Department("so-tu-phap", "Sở Tư pháp")]);

        Assert.Equal(["so-y-te", "so-tu-phap"], updated.Agencies.Select(a => a.Id));
        Assert.Equal("Sở Y tế tỉnh Tiền Giang", updated.FindAgency("so-y-te")!.Name);
        Assert.Throws<AgencyRegistryException>(() => registry.WithAgencies([new Agency("x", "Sở X", "nowhere", null, null, [], [])]));
    }

    [Fact]
    public void The_sample_registry_has_the_provinces_departments_its_11_district_units_and_a_labelled_commune_subset()
    {
        var registry = Samples.TienGiangRegistry;

        Assert.Equal(19, registry.MembersOf("so-ban-nganh-tinh").Count);
        Assert.Equal(18, registry.MembersOf("co-quan-chuyen-mon-ubnd-tinh").Count);
        Assert.Equal(11, registry.MembersOf("ubnd-cap-huyen").Count);
        Assert.Equal(31, registry.MembersOf("ubnd-cap-xa").Count);
        Assert.All(registry.MembersOf("ubnd-cap-xa"), commune => Assert.NotNull(registry.FindAgency(commune.ParentId!)));
    }
}
