using TthcServerless.Domain.Agencies;

namespace TthcServerless.Domain.Tests.Agencies;

/// <summary>An agency's official mailbox for reminder email: optional, and a bare address when given.</summary>
public sealed class AgencyMailboxTests
{
    [Fact]
    public void An_agency_may_have_a_mailbox()
    {
        var registry = Create("vanthu.stp@tiengiang.gov.vn");

        Assert.Equal("vanthu.stp@tiengiang.gov.vn", registry.FindAgency("so-tu-phap")!.Mailbox);
    }

    [Fact]
    public void An_agency_without_a_mailbox_is_valid()
    {
        Assert.Null(Create(null).FindAgency("so-tu-phap")!.Mailbox);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("Sở Tư pháp <stp@tiengiang.gov.vn>")]
    [InlineData("stp @tiengiang.gov.vn")]
    [InlineData("stp@localhost")]
    public void A_mailbox_that_is_not_a_bare_address_is_refused_naming_the_field(string mailbox)
    {
        var error = Assert.Throws<AgencyRegistryException>(() => Create(mailbox));

        Assert.Contains(error.Errors, e => e.Field == "agencies[0].mailbox");
    }

    [Fact]
    public void The_mailbox_survives_the_registry_document()
    {
        var agency = new AgencyDocument { Id = "so-tu-phap", Name = "Sở Tư pháp", Level = "tinh", Mailbox = "stp@tiengiang.gov.vn" }.ToAgency();

        Assert.Equal("stp@tiengiang.gov.vn", AgencyDocument.From(agency).Mailbox);
    }

    private static AgencyRegistry Create(string? mailbox) =>
        AgencyRegistry.Create(DefaultRegistry.Levels, DefaultRegistry.Groups, [new("so-tu-phap", "Sở Tư pháp", "tinh", null, "so", [], [], mailbox)]);
}
