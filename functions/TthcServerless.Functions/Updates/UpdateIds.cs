using System.Security.Cryptography;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// Update ids are ULIDs: 10 Crockford base32 characters of milliseconds since 1970, then 16 of randomness. They sort by
/// acceptance time, and the time they carry tells where the update's status row lives (no lookup table needed).
/// </summary>
internal static class UpdateIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 26;

    public static string New(DateTimeOffset acceptedAt)
    {
        Span<char> id = stackalloc char[Length];
        var millis = acceptedAt.ToUnixTimeMilliseconds();
        for (var i = 9; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(millis & 31)];
            millis >>= 5;
        }

        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        ulong bits = 0;
        var available = 0;
        var next = 0;
        for (var i = 10; i < Length; i++)
        {
            if (available < 5)
            {
                bits = (bits << 8) | random[next++];
                available += 8;
            }

            available -= 5;
            id[i] = Alphabet[(int)((bits >> available) & 31)];
        }

        return new string(id);
    }

    /// <summary>The acceptance time an id carries, or null when the text is not an update id.</summary>
    public static DateTimeOffset? TimeOf(string? id)
    {
        if (id is not { Length: Length })
        {
            return null;
        }

        long millis = 0;
        for (var i = 0; i < Length; i++)
        {
            var value = Alphabet.IndexOf(id[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            if (i < 10)
            {
                millis = (millis << 5) | (uint)value;
            }
        }

        return millis is > 0 and < 253402300800000 ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : null;
    }
}
