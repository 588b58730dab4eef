using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
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

    /// <summary>Each handler's result type and the endpoint mapping that answers it.</summary>
    private static readonly (Type Result, Func<object, IResult> ToHttp)[] Mappings =
    [
        (typeof(SubmitTaskUpdateResult), r => TaskUpdateEndpoints.ToHttp((SubmitTaskUpdateResult)r)),
        (typeof(ImportPlanResult), r => PlanEndpoints.ToHttp((ImportPlanResult)r)),
        (typeof(SubmitFeedbackResult), r => FeedbackEndpoints.ToHttp((SubmitFeedbackResult)r, new DefaultHttpContext().Response)),
        (typeof(MoveFeedbackCaseResult), r => FeedbackEndpoints.ToHttp((MoveFeedbackCaseResult)r, new DefaultHttpContext().Response)),
    ];

    [Fact]
    public void Every_outcome_is_answered_with_the_status_it_declares()
    {
        Assert.Equal(ResultTypes.Values.ToHashSet(), Mappings.Select(m => m.Result).ToHashSet());
        var wrong = new List<string>();
        foreach (var (result, toHttp) in Mappings)
        {
            foreach (var outcome in result.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(t => t.IsAssignableTo(result)))
            {
                var declared = outcome.GetCustomAttribute<RespondsAttribute>()!.StatusCode;
                var answered = Assert.IsAssignableFrom<IStatusCodeHttpResult>(toHttp(Sample(outcome, 0)!)).StatusCode;
                if (answered != declared)
                {
                    wrong.Add($"{result.Name}.{outcome.Name}: declares {declared}, answered {answered}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    /// <summary>Some value of <paramref name="type"/>: records built from their widest constructor, lists empty.</summary>
    private static object? Sample(Type type, int depth)
    {
        if (type == typeof(string))
        {
            return "x";
        }

        if (Nullable.GetUnderlyingType(type) is not null || depth > 8)
        {
            return null;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0);
        }

        if (type.IsPrimitive)
        {
            return Convert.ChangeType(1, type, CultureInfo.InvariantCulture);
        }

        if (type.IsValueType)
        {
            return Activator.CreateInstance(type);
        }

        if (type.IsArray)
        {
            return Array.CreateInstance(type.GetElementType()!, 0);
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(List<>).MakeGenericType(element).IsAssignableTo(type))
        {
            return Activator.CreateInstance(typeof(List<>).MakeGenericType(element));
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && typeof(Dictionary<,>).MakeGenericType(key, value).IsAssignableTo(type))
        {
            return Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(key, value));
        }

        if (type.IsAbstract || type.IsInterface)
        {
            return null;
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(p.ParameterType, depth + 1))]);
    }

    /// <summary>Each outcome of a closed result type: its nested records that derive from it, with their [Responds].</summary>
    private static List<(int Status, Type? Body)> OutcomesOf(Type result) =>
        [.. result.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
            .Where(t => t.IsAssignableTo(result))
            .Select(t => t.GetCustomAttribute<RespondsAttribute>() ?? throw new InvalidOperationException($"{t.Name} has no [Responds]"))
            .Select(r => (r.StatusCode, r.Body))];
}
