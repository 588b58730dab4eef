using System.Security.Claims;

namespace TthcServerless.Functions.Auth;

/// <summary>Who is calling, read from the authenticated principal: role, own agency (for agency keys), province, key id.</summary>
internal sealed record Caller(string Role, string? AgencyId, string Province, string Actor)
{
    public bool IsAdmin => Role == ApiRoles.Admin;

    public bool IsAgency => Role == ApiRoles.Agency;

    /// <summary>
    /// Agencies see their own data only; everyone else with a staff key sees all of the province. One thing of another
    /// agency (an update, an assignment) is answered 404, as if it did not exist; naming another agency in a filter is 403.
    /// </summary>
    public bool MaySee(string agencyId) => !IsAgency || string.Equals(AgencyId, agencyId, StringComparison.Ordinal);

    /// <summary>
    /// The agency a read or report is for: an agency key is held to its own agency (naming another is refused: false, to
    /// be answered 403, never narrowed in silence); other keys keep what they named.
    /// </summary>
    public bool TryScopeAgency(string? requested, out string? agencyId)
    {
        agencyId = IsAgency ? AgencyId : requested;
        return requested is null || MaySee(requested);
    }

    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Caller(
            user.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            user.FindFirstValue(ApiClaims.AgencyId),
            user.FindFirstValue(ApiClaims.Province) ?? string.Empty,
            user.FindFirstValue(ApiClaims.KeyId) ?? "unknown");
    }
}
