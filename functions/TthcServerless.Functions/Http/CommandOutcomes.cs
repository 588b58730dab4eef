using System.Reflection;

namespace TthcServerless.Functions.Http;

/// <summary>
/// The HTTP answer one outcome of a use-case handler is given: its status code and, for a success, the body's type.
/// Every outcome of a handler's result type carries one, so the OpenAPI document lists each answer the handler can give
/// (<see cref="CommandOutcomes.ProducesOutcomesOf{TResult}"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class RespondsAttribute(int statusCode) : Attribute
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The success body's type; null for a problem answer (problem+json).</summary>
    public Type? Body { get; init; }
}

/// <summary>A handler's outcomes, read from its closed result type: the result's nested records that derive from it.</summary>
internal static class CommandOutcomes
{
    /// <summary>A response an endpoint documents: status code, and the body type for a success (null: problem+json).</summary>
    public sealed record Response(int StatusCode, Type? Body);

    /// <summary>Status codes every request body read by <see cref="RequestBody.ReadJsonAsync{T}"/> can be refused with.</summary>
    public static readonly IReadOnlyList<Response> BodyRefusals =
    [
        new(StatusCodes.Status400BadRequest, null), new(StatusCodes.Status413PayloadTooLarge, null), new(StatusCodes.Status415UnsupportedMediaType, null),
    ];

    /// <summary>What any handler that touches storage can answer (StorageExceptionHandler: 503 with Retry-After).</summary>
    public static readonly Response StorageOutage = new(StatusCodes.Status503ServiceUnavailable, null);

    /// <summary>Each outcome of <paramref name="result"/> and the response it is given; throws for an outcome without one.</summary>
    public static IReadOnlyList<(Type Outcome, Response Response)> Of(Type result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
            .Where(t => !t.IsAbstract && t.IsAssignableTo(result))
            .Select(t => (t, t.GetCustomAttribute<RespondsAttribute>() is { } responds
                ? new Response(responds.StatusCode, responds.Body)
                : throw new InvalidOperationException($"{t.FullName} has no [Responds]: every outcome says how it is answered.")))];
    }

    /// <summary>
    /// Documents every answer a handler's result type can produce, the request body's refusals when it reads one, and the
    /// storage outage answer.
    /// </summary>
    public static RouteHandlerBuilder ProducesOutcomesOf<TResult>(this RouteHandlerBuilder endpoint, bool readsBody = true)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var responses = Of(typeof(TResult)).Select(o => o.Response).Concat(readsBody ? BodyRefusals : []).Append(StorageOutage).Distinct();
        foreach (var response in responses.OrderBy(r => r.StatusCode))
        {
            _ = response switch
            {
                { Body: { } body } => endpoint.Produces(response.StatusCode, body),
                { StatusCode: StatusCodes.Status400BadRequest } => endpoint.ProducesValidationProblem(),
                _ => endpoint.ProducesProblem(response.StatusCode),
            };
        }

        return endpoint;
    }
}
