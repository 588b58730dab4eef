using System.Security.Cryptography;
using System.Text;

namespace TthcServerless.Functions.Auth;

/// <summary>The roles a key can carry.</summary>
internal static class ApiRoles
{
    public const string Admin = "admin";
    public const string Agency = "agency";
    public const string Analyst = "analyst";

    public static bool IsIssuable(string? role) => role is Admin or Analyst;
}

/// <summary>Claim types our principals carry besides the role.</summary>
internal static class ApiClaims
{
    public const string AgencyId = "tthc:agency";
    public const string Province = "tthc:province";
    public const string KeyId = "tthc:key";
}

/// <summary>
/// API keys are 32 random bytes shown once ("tthc_" + base64url); only their SHA-256 is stored, and comparisons of
/// hashes are constant-time.
/// </summary>
internal static class ApiKeySecret
{
    public const string Prefix = "tthc_";

    public static string NewKey() => Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A short public handle for listing and revoking a key: "k" + 10 base32 characters.</summary>
    public static string NewKeyId()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<char> id = stackalloc char[11];
        id[0] = 'k';
        for (var i = 1; i < id.Length; i++)
        {
            id[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(id);
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));

    public static bool FixedTimeEquals(byte[] a, byte[] b) => CryptographicOperations.FixedTimeEquals(a, b);

}
