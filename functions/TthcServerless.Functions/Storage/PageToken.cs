using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Microsoft.Extensions.Options;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// The continuation tokens the API hands out for table queries. The Tables SDK's token ("{next partition key} {next row
/// key}") is opaque to us and to Azurite alike, and storage resumes from whatever keys it is given — on Azure a made-up
/// token is usually refused, on Azurite it is served. So the API signs what it hands out: a token is base64url of an
/// HMAC-SHA256 tag (16 bytes) over the query it belongs to and the storage token, followed by the storage token. A token
/// the API never issued, one edited by hand, or one issued for another query (another task, filter or province) is a
/// 400 before storage is asked, on Azurite as on Azure (<see cref="InvalidPageTokenException"/>).
/// </summary>
internal sealed class PageToken
{
    /// <summary>The key used when <c>Tthc:PageTokenKey</c> is not set: fine for a laptop, forgeable anywhere else.</summary>
    public const string DevelopmentKey = "tthc-development-page-token-key-change-me";

    public const int MinimumKeyLength = 32;
    private const int MaxLength = 2048;
    private const int TagLength = 16;

    private readonly byte[] _key;

    public PageToken(IOptions<TthcOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var key = settings.PageTokenKey is { } configured && !configured.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) ? configured : null;
        if (key is not null && key.Length < MinimumKeyLength)
        {
            throw new OptionsValidationException(nameof(TthcOptions.PageTokenKey), typeof(TthcOptions), [$"Tthc:PageTokenKey must have at least {MinimumKeyLength} characters."]);
        }

        // Unset, the key is derived from the bootstrap admin key (a Key Vault secret in Azure, the same on every instance),
        // so a deployment signs with a secret without a setting of its own; only without either is the public default used.
        UsesDevelopmentKey = key is null && settings.UsableAdminApiKey is null;
        _key = key is not null
            ? Encoding.UTF8.GetBytes(key)
            : settings.UsableAdminApiKey is { } adminKey
                ? HMACSHA256.HashData(Encoding.UTF8.GetBytes(adminKey), "tthc page tokens"u8)
                : Encoding.UTF8.GetBytes(DevelopmentKey);
    }

    /// <summary>True when neither a page-token key nor an admin key was configured (startup warns outside Development).</summary>
    public bool UsesDevelopmentKey { get; }

    /// <summary>The API's token for <paramref name="tableToken"/> on the query <paramref name="scope"/>; null stays null.</summary>
    public string? Encode(string scope, string? tableToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (tableToken is null)
        {
            return null;
        }

        var token = Encoding.UTF8.GetBytes(tableToken);
        var payload = new byte[TagLength + token.Length];
        Tag(scope, token).CopyTo(payload, 0);
        token.CopyTo(payload, TagLength);
        return Base64Url.EncodeToString(payload);
    }

    /// <summary>The storage token inside <paramref name="token"/>; throws <see cref="InvalidPageTokenException"/> for one this API did not issue for <paramref name="scope"/>.</summary>
    public string Decode(string scope, string token)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(token);
        if (!IsWellFormed(token))
        {
            throw new InvalidPageTokenException(null);
        }

        var payload = Base64Url.DecodeFromChars(token);
        var tableToken = payload.AsSpan(TagLength);
        if (!CryptographicOperations.FixedTimeEquals(payload.AsSpan(0, TagLength), Tag(scope, tableToken)))
        {
            throw new InvalidPageTokenException(null);
        }

        return Encoding.UTF8.GetString(tableToken);
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a token at all (checked with the other query parameters).</summary>
    public static bool IsWellFormed(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > MaxLength || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        try
        {
            return Base64Url.DecodeFromChars(token).Length > TagLength;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Storage refused the continuation keys of a token (400 on a query that carried one).</summary>
    public static bool IsRefusal(RequestFailedException ex, string? token) => token is not null && ex.Status == 400;

    private byte[] Tag(string scope, ReadOnlySpan<byte> tableToken)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var message = new byte[scopeBytes.Length + 1 + tableToken.Length];
        scopeBytes.CopyTo(message, 0);
        message[scopeBytes.Length] = (byte)'\n';
        tableToken.CopyTo(message.AsSpan(scopeBytes.Length + 1));
        return HMACSHA256.HashData(_key, message)[..TagLength];
    }
}

/// <summary>A continuation token the API did not issue for this query, or one storage would not resume from.</summary>
internal sealed class InvalidPageTokenException(Exception? inner) : Exception("The continuation token was not issued for this query.", inner);
