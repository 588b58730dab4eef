namespace TthcServerless.Functions.Dashboard;

/// <summary>Settings of the dashboard (section <c>Tthc:Dashboard</c>, or <c>Tthc__Dashboard__…</c> environment variables).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Tthc:Dashboard";

    /// <summary>
    /// Show the aggregate figures without a key, as the national service index does. Lists with task content stay behind a
    /// key; nothing personal is ever on the dashboard. Off by default.
    /// </summary>
    public bool PublicAggregates { get; set; }
}
