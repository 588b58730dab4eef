using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests.Plans;

/// <summary>What makes a plan's identity valid lives in the domain, not in the import endpoint.</summary>
public sealed class PlanIdentityRulesTests
{
    [Theory]
    [InlineData("kstthc-2022", true)]
    [InlineData("KSTTHC-2022", false)]
    [InlineData("kế-hoạch", false)]
    [InlineData("a--b", false)]
    [InlineData(null, false)]
    public void A_plan_id_is_lowercase_words_joined_by_hyphens(string? id, bool valid) => Assert.Equal(valid, PlanIdentityRules.IsValidPlanId(id));

    [Fact]
    public void A_plan_id_longer_than_63_characters_is_refused() => Assert.False(PlanIdentityRules.IsValidPlanId(new string('a', 64)));

    [Fact]
    public void Without_a_year_the_decision_s_year_is_the_plan_s_and_text_is_cleaned()
    {
        var errors = new List<FieldError>();
        var identity = PlanIdentityRules.Resolve("kstthc-2022", "tien-giang", "tien-giang", null, " 45/QĐ-UBND ", new DateOnly(2022, 1, 14), "Kế  hoạch", errors);
        Assert.Empty(errors);
        Assert.Equal(new PlanIdentity("kstthc-2022", "tien-giang", 2022, "Kế hoạch", "45/QĐ-UBND", new DateOnly(2022, 1, 14)), identity);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = new List<FieldError>();
        var identity = PlanIdentityRules.Resolve("Bad Id", "ben-tre", "tien-giang", 1999, new string('1', 101), null, new string('t', 1001), errors);
        Assert.Null(identity);
        Assert.Equal(["planId", "province", "year", "decisionNumber", "title"], errors.Select(e => e.Field));
    }
}
