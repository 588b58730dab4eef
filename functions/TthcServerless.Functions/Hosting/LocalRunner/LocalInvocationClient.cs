using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TthcServerless.Functions.Hosting.LocalRunner;

/// <summary>The result of one invocation, judged as the real host judges it.</summary>
internal sealed record InvocationOutcome(bool Succeeded, string Detail)
{
    public static InvocationOutcome Success() => new(true, "ok");

    public static InvocationOutcome Failure(string detail) => new(false, detail);
}

/// <summary>
/// Calls this app's invocation endpoint over HTTP, the way the Functions host does, and applies the host's rules to
/// the answer: non-2xx fails the invocation, and so does a 2xx that is not non-empty JSON (which the real host would
/// not fail but hang on — reported loudly here so it never reaches Azure).
/// </summary>
internal sealed class LocalInvocationClient(HttpClient http)
{
    public async Task<InvocationOutcome> InvokeAsync(string functionName, JsonObject payload, string invocationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/" + functionName, UriKind.Relative))
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(InvocationEndpoints.InvocationIdHeader, invocationId);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Azure-Functions-Host", "local-runner"));

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return InvocationOutcome.Failure($"HTTP {(int)response.StatusCode}: {Truncate(body)}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/json" or "text/json"))
        {
            return InvocationOutcome.Failure($"HTTP {(int)response.StatusCode} with Content-Type '{mediaType}': the Functions host fails invocations whose answer is not application/json.");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return InvocationOutcome.Failure($"HTTP {(int)response.StatusCode} with an empty body: the Functions host would hang until functionTimeout and restart the handler.");
        }

        try
        {
            using var _ = JsonDocument.Parse(body, Http.ApiJson.Document);
        }
        catch (JsonException ex)
        {
            return InvocationOutcome.Failure($"HTTP {(int)response.StatusCode} with a body that is not JSON: {ex.Message}");
        }

        return InvocationOutcome.Success();
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : string.Concat(text.AsSpan(0, 500), "…");
}
