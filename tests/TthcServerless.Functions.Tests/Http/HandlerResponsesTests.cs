using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Plans;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Updates;

namespace TthcServerless.Functions.Tests.Http;

/// <summary>
/// The served OpenAPI document lists every answer a write endpoint can give: each outcome of its handler's result type
/// (read here from the result type itself, so a new outcome must be documented), the refusals of reading its body, the
/// storage outage answer, 401 on a keyed endpoint, and what the endpoint adds itself (rate limiting, an admin-only 403). Problems are problem+json.
/// </summary>
public sealed class HandlerResponsesTests(AzuriteFixture azurite)
{
    /// <summary>What any endpoint reading a JSON body answers before its handler runs, and what storage failing gives.</summary>
    private static readonly int[] BodyAndStorage = [400, 413, 415, 503];

    /// <summary>What a keyed endpoint answers to a missing or wrong key.</summary>
    private const int NoKey = 401;

    private static List<(string Path, string ResultType, int[] AlsoAnswered)> Endpoints()
    {
        var data = new List<(string, string, int[])>
        {
            ("/api/plans/{planId}/tasks/{taskId}/updates", nameof(SubmitTaskUpdateResult), [.. BodyAndStorage, NoKey]),
            ("/api/plans/import", nameof(ImportPlanResult), [.. BodyAndStorage, NoKey, 403]),
            ("/api/feedback", nameof(SubmitFeedbackResult), [.. BodyAndStorage, 429]),
        };
        // Submit creates a case (by ingestion); every other action is a move with its own endpoint.
        foreach (var action in Enum.GetValues<FeedbackAction>().Where(a => a != FeedbackAction.Submit).Select(FeedbackViews.ActionPath).Distinct())
        {
            data.Add(($"/api/feedback/{{trackingCode}}/{action}", nameof(MoveFeedbackCaseResult), [.. BodyAndStorage, NoKey]));
        }

        return data;
    }

    private static readonly Dictionary<string, Type> ResultTypes = new[]
    {
        typeof(SubmitTaskUpdateResult), typeof(ImportPlanResult), typeof(SubmitFeedbackResult), typeof(MoveFeedbackCaseResult),
    }.ToDictionary(t => t.Name);

    [Fact]
    public async Task The_OpenAPI_document_lists_every_response_each_handler_can_give()
    {
        await using var app = new TestApp(azurite.ConnectionString);
        using var client = app.ClientWithKey(null);
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken))!;

        var missing = new List<string>();
        if (document["components"]?["schemas"]?["ProblemDetails"] is null)
        {
            missing.Add("the ProblemDetails schema the problem answers refer to");
        }

        foreach (var (path, resultType, alsoAnswered) in Endpoints())
        {
            if (document["paths"]?[path]?["post"]?["responses"]?.AsObject() is not { } responses)
            {
                missing.Add($"POST {path} is not in the document");
                continue;
            }

            foreach (var (status, body) in OutcomesOf(ResultTypes[resultType]).Concat(alsoAnswered.Select(s => (s, (Type?)null))).Distinct())
            {
                var content = responses[status.ToString(CultureInfo.InvariantCulture)]?["content"]?.AsObject();
                if (content is null)
                {
                    missing.Add($"POST {path}: {status}");
                }
                else if (body is null && !content.ContainsKey("application/problem+json"))
                {
                    missing.Add($"POST {path}: {status} as application/problem+json");
                }
                else if (body is not null && content["application/json"]?["schema"]?["$ref"]?.GetValue<string>() != $"#/components/schemas/{body.Name}")
                {
                    missing.Add($"POST {path}: {status} with a {body.Name} body");
                }
            }
        }

        Assert.True(missing.Count == 0, "Not documented: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_outcome_of_a_handler_says_how_it_is_answered()
    {
        foreach (var result in ResultTypes.Values)
        {
            var outcomes = result.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(t => t.IsAssignableTo(result)).ToList();
            Assert.NotEmpty(outcomes);
            Assert.All(outcomes, o => Assert.True(o.GetCustomAttribute<RespondsAttribute>() is not null, $"{result.Name}.{o.Name} has no [Responds]"));
        }
    }

    /// <summary>Each outcome of a closed result type: its nested records that derive from it, with their [Responds].</summary>
    private static List<(int Status, Type? Body)> OutcomesOf(Type result) =>
        [.. result.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
            .Where(t => t.IsAssignableTo(result))
            .Select(t => t.GetCustomAttribute<RespondsAttribute>() ?? throw new InvalidOperationException($"{t.Name} has no [Responds]"))
            .Select(r => (r.StatusCode, r.Body))];
}
