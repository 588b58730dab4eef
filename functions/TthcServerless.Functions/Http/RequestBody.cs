using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TthcServerless.Functions.Http;

/// <summary>
/// Reads request bodies with a hard size limit enforced while reading (so a lying or missing Content-Length cannot
/// push more through), and turns JSON errors into a problem answer naming the place and reason.
/// </summary>
internal static class RequestBody
{
    public const long DefaultJsonLimit = 256 * 1024;

    /// <summary>The body's bytes, or null when it exceeds <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, chunk.Length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads and deserializes a JSON body; the failure is a ready problem answer (400, 413 or 415).</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, ApiProblems.UnsupportedMediaType($"Cần Content-Type application/json, nhận được '{contentType}'."));
        }

        var bytes = await ReadBytesAsync(request, limit, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (default, ApiProblems.TooLarge(limit));
        }

        return Deserialize<T>(bytes);
    }

    /// <summary>The first byte after whitespace and a UTF-8 byte-order mark ('{' or '[' for JSON), or 0 for none.</summary>
    public static byte FirstSignificantByte(byte[] bytes) =>
        bytes.SkipWhile(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0xEF or 0xBB or 0xBF).FirstOrDefault();

    public static (T? Value, IResult? Problem) Deserialize<T>(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return (default, ApiProblems.BadRequest("Thân yêu cầu trống; cần một tài liệu JSON."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, ApiJson.Strict);
            return value is null
                ? (default, ApiProblems.BadRequest("Thân yêu cầu là JSON null."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            if (DuplicateProperty(bytes) is { } duplicate)
            {
                return (default, ApiProblems.Invalid(
                    new Dictionary<string, string[]> { [duplicate.Path] = ["xuất hiện hai lần trong cùng một đối tượng."] },
                    $"Thuộc tính '{duplicate.Name}' xuất hiện hai lần (tại {duplicate.Path}): không rõ giá trị nào là đúng nên không giá trị nào được nhận."));
            }

            var where = ex.Path is { Length: > 0 } path ? $" (tại {path}, dòng {ex.LineNumber + 1})" : string.Empty;
            return (default, ApiProblems.BadRequest($"JSON không hợp lệ{where}: {FirstSentence(ex.Message)}"));
        }
    }

    /// <summary>Decodes text as UTF-8 (BOM or not) or UTF-16 with a BOM; null when it is not valid text.</summary>
    public static string? DecodeText(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            if (bytes is [0xFF, 0xFE, ..])
            {
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }

            if (bytes is [0xFE, 0xFF, ..])
            {
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }

            var offset = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// The first property named twice in one object, with its path (<c>$.sections[0].number</c>): read again only when
    /// deserializing failed, so the refusal can name it in the API's words.
    /// </summary>
    private static (string Name, string Path)? DuplicateProperty(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow });
        var scopes = new Stack<(HashSet<string>? Names, string Path, int Index)>();
        var path = "$";
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var here = Child(scopes, path, pending);
                        if (scopes.Count > 0 && scopes.Peek().Names is null)
                        {
                            var parent = scopes.Pop();
                            scopes.Push(parent with { Index = parent.Index + 1 });
                        }

                        scopes.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, here, 0));
                        path = here;
                        pending = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        path = scopes.Count > 0 ? scopes.Peek().Path : "$";
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!scopes.Peek().Names!.Add(name))
                        {
                            return (name, $"{path}.{name}");
                        }

                        pending = name;
                        break;
                    default:
                        if (scopes.Count > 0 && scopes.Peek().Names is null)
                        {
                            var array = scopes.Pop();
                            scopes.Push(array with { Index = array.Index + 1 });
                        }

                        pending = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed before any duplicate: the ordinary error says where.
        }

        return null;

        static string Child(Stack<(HashSet<string>? Names, string Path, int Index)> scopes, string path, string? property) =>
            scopes.Count == 0 ? "$" : property is not null ? $"{path}.{property}" : $"{path}[{scopes.Peek().Index}]";
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
