using System.Text.Json.Serialization;

namespace TthcServerless.Domain.Calendar;

/// <summary>Reads and writes an enum by its JSON name only: a number in the data is an error, not a silent value.</summary>
internal sealed class StrictJsonStringEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
