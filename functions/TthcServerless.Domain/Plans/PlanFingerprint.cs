using System.Security.Cryptography;
using System.Text.Json;

namespace TthcServerless.Domain.Plans;

/// <summary>
/// A content hash of a compiled plan — identity, tasks as resolved, assignments, warnings. Importing the same document
/// against the same registry gives the same fingerprint, so a re-import can be recognised and change nothing; a changed
/// registry (a new commune) changes the assignments and so the fingerprint.
/// </summary>
public static class PlanFingerprint
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string Of(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(plan, Options)));
    }
}
