using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace TthcServerless.Functions.Auth;

/// <summary>
/// Routing's own answers — no route (404), a method the route does not take (405), a content type it does not accept
/// (415) — are not endpoints of ours, so the staff fallback policy must not turn them into 401: an anonymous citizen
/// posting text/plain to the public feedback form gets 415, as before the fallback existed. Every endpoint the app maps
/// is a <see cref="RouteEndpoint"/> and is authorized as usual.
/// </summary>
internal sealed class RoutingRejections : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        return !authorizeResult.Succeeded && context.GetEndpoint() is not RouteEndpoint
            ? next(context)
            : _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
