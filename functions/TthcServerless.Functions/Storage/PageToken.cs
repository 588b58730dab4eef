using System.Buffers.Text;
using System.Text;
using Azure;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// The continuation token the API hands out for a table query: base64url of the Tables SDK's token, which is
/// "{next partition key} {next row key}" — both opaque values of the service (Azure and Azurite encode them), so a
/// token cannot be checked against the partitions a query may read; the query's own filter keeps it inside them. A
/// token that is not even that shape is refused here, and one the service refuses is reported as a bad token
/// (<see cref="InvalidPageTokenException"/>), never as a server error.
/// </summary>
internal static class PageToken
{
    private const int MaxLength = 2048;

    public static string? Encode(string? tableToken) => tableToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(tableToken));

    /// <summary>The SDK token inside <paramref name="token"/>, or null when it is not one this API could have handed out.</summary>
    public static string? Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > MaxLength || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = decoded.Split(' ');
        return parts.Length <= 2 && parts[0].Length > 0 && !decoded.Any(char.IsControl) ? decoded : null;
    }

    public static bool IsValid(string token) => Decode(token) is not null;

    /// <summary>Storage refused the continuation keys of a token (400 on a query that carried one).</summary>
    public static bool IsRefusal(RequestFailedException ex, string? token) => token is not null && ex.Status == 400;
}

/// <summary>A continuation token storage would not resume from: the caller sent one it was never given.</summary>
internal sealed class InvalidPageTokenException(Exception inner) : Exception("The continuation token was refused by storage.", inner);
