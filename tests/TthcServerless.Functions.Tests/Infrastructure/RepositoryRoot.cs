namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder holding TthcServerless.sln) from the test's output folder.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TthcServerless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"TthcServerless.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
