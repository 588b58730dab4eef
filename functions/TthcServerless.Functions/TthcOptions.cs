using System.Text.RegularExpressions;

namespace TthcServerless.Functions;

/// <summary>The app's own settings (section <c>Tthc</c>, or <c>Tthc__…</c> environment variables).</summary>
public sealed partial class TthcOptions
{
    public const string Section = "Tthc";

    /// <summary>
    /// The province this deployment serves (tenant). Every stored key starts with it, so one deployment can later host
    /// several provinces without moving data.
    /// </summary>
    public string Province { get; set; } = "default";

    /// <summary>The bootstrap admin key (<c>Tthc__AdminApiKey</c>); at least 16 characters, or no bootstrap admin.</summary>
    public string? AdminApiKey { get; set; }

    public const int MinimumAdminKeyLength = 16;

    /// <summary>
    /// The HMAC key that signs continuation tokens (<c>Tthc__PageTokenKey</c>, at least 32 characters, the same on every
    /// instance). Unset: derived from the admin key, or without one a development key anyone reading the source knows
    /// (docs/operations.md).
    /// </summary>
    public string? PageTokenKey { get; set; }

    /// <summary>
    /// The admin key when it is usable: long enough, and not an unresolved Key Vault reference — when the platform cannot
    /// resolve <c>@Microsoft.KeyVault(...)</c> it passes the reference text through, which must never become a key.
    /// </summary>
    public string? UsableAdminApiKey => AdminApiKey is { Length: >= MinimumAdminKeyLength } key
        && !key.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)
            ? key
            : null;

    public static bool IsValidProvince(string? code) => code is not null && ProvincePattern().IsMatch(code);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,31}\z")]
    private static partial Regex ProvincePattern();
}
