using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TthcServerless.Domain.Text;

/// <summary>
/// The one rule for how an enum member is written on the wire (JSON, table columns, messages): its
/// <see cref="JsonStringEnumMemberNameAttribute"/> when it has one, otherwise its name in kebab case
/// (<c>PhanAnh</c> → <c>phan-anh</c>). System.Text.Json applies the same rule through <see cref="Policy"/>.
/// </summary>
public static class WireName
{
    /// <summary>The naming policy for members without an explicit name.</summary>
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<(Enum Member, string Name)>> Names = new();

    public static string Of<T>(T member)
        where T : struct, Enum
    {
        foreach (var (candidate, name) in NamesOf(typeof(T)))
        {
            if (candidate.Equals(member))
            {
                return name;
            }
        }

        // A value outside the declared members (a cast number) has no wire name of its own.
        return Policy.ConvertName(member.ToString());
    }

    /// <summary>Every wire name of <typeparamref name="T"/>, in declaration order: for error messages that list the choices.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => [.. NamesOf(typeof(T)).Select(n => n.Name)];

    /// <summary>The member written <paramref name="value"/> (exact, case-sensitive), or false.</summary>
    public static bool TryParse<T>(string? value, out T member)
        where T : struct, Enum
    {
        foreach (var (candidate, name) in NamesOf(typeof(T)))
        {
            if (string.Equals(name, value, StringComparison.Ordinal))
            {
                member = (T)candidate;
                return true;
            }
        }

        member = default;
        return false;
    }

    private static IReadOnlyList<(Enum Member, string Name)> NamesOf(Type type) => Names.GetOrAdd(type, static t =>
        [.. t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (
            (Enum)field.GetValue(null)!,
            field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? Policy.ConvertName(field.Name)))]);
}

/// <summary>Reads and writes an enum by its <see cref="WireName"/> only: a number in the data is an error, not a silent value.</summary>
public sealed class WireNameEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(WireName.Policy, allowIntegerValues: false)
    where TEnum : struct, Enum;
