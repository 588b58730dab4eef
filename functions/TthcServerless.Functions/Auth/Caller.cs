using System.Security.Claims;

namespace TthcServerless.Functions.Auth;

/// <summary>Who is calling, read from the authenticated principal: role, own agency (for agency keys), province, key id.</summary>
internal sealed record Caller(string Role, string? AgencyId, string Province, string Actor)
{
    public bool IsAdmin => Role == ApiRoles.Admin;

    public bool IsAgency => Role == ApiRoles.Agency;

    /// <summary>Agencies see their own data only; everyone else with a staff key sees all of the province.</summary>
    public bool MaySee(string agencyId) => !IsAgency || string.Equals(AgencyId, agencyId, StringComparison.Ordinal);

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
