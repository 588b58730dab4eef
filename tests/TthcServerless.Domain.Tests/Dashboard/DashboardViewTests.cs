using TthcServerless.Domain.Dashboard;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Reports;
using TthcServerless.Domain.Tests.Reports;

namespace TthcServerless.Domain.Tests.Dashboard;

/// <summary>The dashboard reads the report model; these pin that it adds no arithmetic of its own.</summary>
public sealed class DashboardViewTests
{
    private static readonly DateTimeOffset AfterQ1 = ReportFixture.Ict(2022, 4, 20);
    private static readonly ReportingPeriod Q1 = ReportFixture.ReportingPeriods.FromId("2022-Q1")!;
    private static readonly ReportingPeriod March = ReportFixture.ReportingPeriods.FromId("2022-03")!;

    private static ReportModel Model(DashboardScope scope, ReportingPeriod period) =>
        PeriodicReport.Compute(scope.Apply(ReportFixture.Inputs()), period, AfterQ1);

    [Fact]
    public void Every_card_is_the_workbooks_KPI_row_of_the_same_key()
    {
        var model = Model(DashboardScope.Province, Q1);

        var figures = DashboardView.Figures(model, [model], DashboardAccess.Everything, null);

        Assert.Equal(DashboardView.Cards.Select(c => c.Key), figures.Kpis.Select(c => c.Key));
        foreach (var card in figures.Kpis)
        {
            var row = model.Kpis.Single(k => k.KpiKey == card.Key);
            Assert.Equal((row.ThisPeriod, row.PreviousPeriod, row.Change, row.Indicator), (card.Value, card.Previous, card.Change, card.Label));
        }
    }

    [Fact]
    public void Rates_are_shown_as_rates_and_PAKN_cards_are_grouped_apart()
    {
        var figures = DashboardView.Figures(Model(DashboardScope.Province, Q1), [], DashboardAccess.Everything, null);

        Assert.Equal(["on-time-rate"], figures.Kpis.Where(c => c.Format == "rate").Select(c => c.Key));
        Assert.Equal(["pakn-received", "pakn-answered-on-time", "pakn-open-past"], figures.Kpis.Where(c => c.Group == "pakn").Select(c => c.Key));
    }

    [Fact]
    public void A_level_scope_counts_only_the_assignments_of_that_levels_agencies()
    {
        var model = Model(new DashboardScope("xa", null), Q1);

        Assert.Equal(2, model.Kpis.Single(k => k.KpiKey == "assigned").ThisPeriod);
        Assert.All(model.ByAgency, a => Assert.Equal(ReportFixture.Xa, a.AgencyKey));
    }

    [Fact]
    public void An_agency_scope_keeps_its_assignments_updates_and_the_PAKN_cases_assigned_to_it()
    {
        var scoped = new DashboardScope(null, ReportFixture.Soyt).Apply(ReportFixture.Inputs());

        Assert.All(scoped.Assignments, a => Assert.Equal(ReportFixture.Soyt, a.AgencyId));
        Assert.Equal(2, scoped.Assignments.Count);
        Assert.All(scoped.Updates, u => Assert.Equal(ReportFixture.Soyt, u.AgencyId));
        Assert.Equal(ReportFixture.Soyt, Assert.Single(scoped.Feedback).Case.AssignedAgencyId);
    }

    [Fact]
    public void The_whole_province_scope_is_the_workbooks_inputs_unchanged()
    {
        var inputs = ReportFixture.Inputs();

        Assert.Same(inputs, DashboardScope.Province.Apply(inputs));
    }

    [Fact]
    public void Aggregate_only_access_leaves_the_overdue_list_out()
    {
        var figures = DashboardView.Figures(Model(DashboardScope.Province, Q1), [], DashboardAccess.AggregatesOnly, null);

        Assert.Null(figures.Overdue);
    }

    [Fact]
    public void An_agency_sees_the_overdue_rows_of_its_own_assignments_only()
    {
        var model = Model(DashboardScope.Province, Q1);
        Assert.Contains(model.Overdue, o => o.AgencyKey == ReportFixture.Xa);

        var figures = DashboardView.Figures(model, [], DashboardAccess.OwnAgencyRows, ReportFixture.Sotp);

        Assert.NotNull(figures.Overdue);
        Assert.DoesNotContain(figures.Overdue, o => o.AgencyId != ReportFixture.Sotp);
    }

    [Fact]
    public void The_overdue_list_keeps_the_models_order_and_days()
    {
        var model = Model(DashboardScope.Province, Q1);

        var figures = DashboardView.Figures(model, [], DashboardAccess.Everything, null);

        Assert.Equal(model.Overdue.Select(o => (o.TaskId, o.AgencyKey, o.DaysOverdue)), figures.Overdue!.Select(o => (o.TaskId, o.AgencyId, o.DaysOverdue)));
    }

    [Fact]
    public void A_months_trend_walks_the_months_of_its_year_up_to_it()
    {
        var periods = DashboardView.TrendPeriods(ReportFixture.ReportingPeriods, March, AfterQ1);

        Assert.Equal(["2022-01", "2022-02", "2022-03"], periods.Select(p => p.Id));
    }

    [Fact]
    public void A_longer_periods_trend_walks_quarters_that_have_started()
    {
        var year = ReportFixture.ReportingPeriods.FromId("2022")!;

        var periods = DashboardView.TrendPeriods(ReportFixture.ReportingPeriods, year, AfterQ1);

        // Q2's window (15/3–14/6) has started on 20/4; Q3's has not.
        Assert.Equal(["2022-Q1", "2022-Q2"], periods.Select(p => p.Id));
    }

    [Fact]
    public void A_trend_point_is_the_on_time_rate_and_overdue_count_of_that_periods_model()
    {
        var models = DashboardView.TrendPeriods(ReportFixture.ReportingPeriods, March, AfterQ1)
            .Select(p => Model(DashboardScope.Province, p)).ToList();

        var figures = DashboardView.Figures(models[^1], models, DashboardAccess.Everything, null);

        Assert.Equal(
            models.Select(m => (m.Kpis.Single(k => k.KpiKey == "on-time-rate").ThisPeriod, m.Kpis.Single(k => k.KpiKey == "overdue").ThisPeriod)),
            figures.Trend.Select(t => (t.OnTimeRate, (double?)t.Overdue)));
    }
}
