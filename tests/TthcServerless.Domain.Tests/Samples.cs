using System.Text.Json;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Domain.Tests;

/// <summary>The repository's sample data: the Tiền Giang registry and its 2022 plan as published.</summary>
internal static class Samples
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<AgencyRegistry> Registry = new(() =>
        JsonSerializer.Deserialize<AgencyRegistryDocument>(Read("agencies.json"), Json)!.ToRegistry());

    private static readonly Lazy<AgencyRegistry> TwoTier = new(() =>
        JsonSerializer.Deserialize<AgencyRegistryDocument>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "an-giang", "agencies.json")), Json)!.ToRegistry());

    public static AgencyRegistry TienGiangRegistry => Registry.Value;

    /// <summary>The second sample: a two-tier province (province and commune levels only, special zones among the communes).</summary>
    public static AgencyRegistry AnGiangRegistry => TwoTier.Value;

    /// <summary>A plan fixture written for the tests (tests/…/Plans/Fixtures).</summary>
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Plans", "Fixtures", name));

    public static string TienGiangPlanText => Read("ke-hoach-kstthc-2022.txt");

    public static PlanIdentity TienGiang2022 { get; } = new("tg-kstthc-2022", "tien-giang", 2022, null, "45/QĐ-UBND", new DateOnly(2022, 1, 7));

    public static Plan CompileTienGiangPlan(string? text = null) =>
        PlanCompiler.Compile(TienGiang2022, PlanTableInterpreter.Interpret(PlanTextReader.Read(text ?? TienGiangPlanText)), TienGiangRegistry);

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "tien-giang", name));
}
