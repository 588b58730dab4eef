using System.Text.Json.Serialization;

namespace TthcServerless.Functions.Hosting;

/// <summary>
/// The custom-handler response body. It must be non-empty JSON with <c>Content-Type: application/json</c>: a 2xx with an
/// empty body never completes the invocation and ends with the host restarting the process (docs/hosting.md H1).
/// <c>Outputs</c> keys would have to match binding names exactly; our functions write through the SDK instead of
/// output bindings, so it stays empty.
/// </summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
