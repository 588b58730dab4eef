using System.Security.Cryptography;

namespace TthcServerless.Domain.Feedback;

/// <summary>
/// The code a citizen gets for a feedback case, e.g. <c>PAKN-7KQ4-M9XD</c>: seven random characters and one check
/// character from a 30-character alphabet without the look-alikes <c>0 O 1 I L U</c> (Crockford's base32 minus 0 and 1),
/// so it can be read aloud over the phone and typed without guessing. The check character makes the weighted sum
/// Σ wᵢ·vᵢ (weights 2…8 on the random characters, 1 on the check) divisible by the prime 31: since the weights are
/// distinct and non-zero modulo 31 and two symbols differ by less than 31, every single mistyped character and every
/// swap of two neighbouring characters breaks the sum. A random part whose check would need a 31st symbol is drawn
/// again. Parsing ignores case, spaces and hyphens, and the <c>PAKN</c> prefix is optional.
/// </summary>
public sealed class TrackingCode : IEquatable<TrackingCode>
{
    /// <summary>The 30 symbols, in value order.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The prefix of the display form.</summary>
    public const string Prefix = "PAKN";

    /// <summary>Random characters in a code (30^7 ≈ 2.2·10^10 codes).</summary>
    public const int RandomLength = 7;

    /// <summary>Characters in the compact form: the random part and the check character.</summary>
    public const int CompactLength = RandomLength + 1;

    private const int Prime = 31;

    private TrackingCode(string compact) => Compact = compact;

    /// <summary>The eight characters without prefix or hyphens, e.g. <c>7KQ4M9XD</c>: the storage key.</summary>
    public string Compact { get; }

    /// <summary>A new random code.</summary>
    public static TrackingCode New()
    {
        Span<char> chars = stackalloc char[CompactLength];
        while (true)
        {
            for (var i = 0; i < RandomLength; i++)
            {
                chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }

            if (CheckCharacter(chars[..RandomLength]) is { } check)
            {
                chars[RandomLength] = check;
                return new TrackingCode(new string(chars));
            }
        }
    }

    /// <summary>
    /// Reads a code as people type it: any case, with or without <c>PAKN</c>, spaces and hyphens anywhere. Null when the
    /// text is not a valid code (wrong length, a character outside the alphabet, or a check character that does not fit).
    /// </summary>
    public static TrackingCode? TryParse(string? text)
    {
        if (text is null || text.Length > 40)
        {
            return null;
        }

        Span<char> chars = stackalloc char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '\u2010' or '\u2011' or '\u2013')
            {
                continue;
            }

            chars[length++] = char.ToUpperInvariant(c);
        }

        var compact = chars[..length];
        // The random part may itself start with P, A, K, N: strip the prefix only when twelve characters were given.
        if (compact.Length == Prefix.Length + CompactLength && compact.StartsWith(Prefix))
        {
            compact = compact[Prefix.Length..];
        }

        if (compact.Length != CompactLength)
        {
            return null;
        }

        foreach (var c in compact)
        {
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return null;
            }
        }

        return CheckCharacter(compact[..RandomLength]) == compact[RandomLength] ? new TrackingCode(new string(compact)) : null;
    }

    /// <summary>The display form, <c>PAKN-7KQ4-M9XD</c>.</summary>
    public override string ToString() => $"{Prefix}-{Compact[..4]}-{Compact[4..]}";

    public bool Equals(TrackingCode? other) => other is not null && string.Equals(Compact, other.Compact, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TrackingCode);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Compact);

    /// <summary>
    /// The symbol that makes Σ wᵢ·vᵢ ≡ 0 (mod 31) with weights 2…8 on the random part and 1 on the check; null when that
    /// would be the value 30, which has no symbol.
    /// </summary>
    internal static char? CheckCharacter(ReadOnlySpan<char> data)
    {
        var sum = 0;
        for (var i = 0; i < data.Length; i++)
        {
            sum += (i + 2) * Alphabet.IndexOf(data[i], StringComparison.Ordinal);
        }

        var check = (Prime - (sum % Prime)) % Prime;
        return check < Alphabet.Length ? Alphabet[check] : null;
    }
}
