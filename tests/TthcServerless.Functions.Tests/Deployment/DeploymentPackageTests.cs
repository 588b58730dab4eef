using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Deployment;

/// <summary>
/// The ZIP that operators deploy (scripts/package.sh), opened as the platform opens it: host.json at the root, the
/// executable host.json names present with its Unix execute bit, a function.json folder per declared function, and no
/// settings file that could carry a secret.
/// </summary>
public sealed partial class DeploymentPackageTests
{
    private const int UnixExecuteBits = 0b001_001_001;
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixRegularFile = 0x8000;

    [Fact]
    public async Task Host_json_sits_at_the_root_of_the_zip()
    {
        using var zip = await OpenZipAsync();

        Assert.NotNull(zip.GetEntry("host.json"));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith("/host.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_executable_host_json_names_is_in_the_zip_as_a_regular_file_with_the_execute_bit()
    {
        using var zip = await OpenZipAsync();

        var executable = await DefaultExecutablePathAsync(zip);
        var entry = zip.GetEntry(executable);

        Assert.True(entry is not null, $"host.json names '{executable}', which is not in the zip.");
        var mode = entry.ExternalAttributes >> 16;
        Assert.True((mode & UnixFileTypeMask) == UnixRegularFile, $"{executable} has Unix mode {Convert.ToString(mode, 8)}: not a regular file (was the zip made on Windows?).");
        Assert.True((mode & UnixExecuteBits) != 0, $"{executable} has Unix mode {Convert.ToString(mode, 8)}: no execute bit, so the host cannot start it.");
    }

    [Fact]
    public async Task Every_declared_function_has_its_function_json_folder_in_the_zip()
    {
        using var zip = await OpenZipAsync();

        foreach (var function in AppFunctions.All)
        {
            var entry = zip.GetEntry($"{function.Name}/{FunctionMetadataWriter.FileName}");
            Assert.True(entry is not null, $"{function.Name}/function.json is missing from the zip.");
            using var reader = new StreamReader(entry.Open());
            Assert.Equal(FunctionMetadataWriter.ToJson(function), (await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public async Task The_zip_carries_no_settings_file_that_could_hold_a_secret()
    {
        using var zip = await OpenZipAsync();

        foreach (var entry in zip.Entries)
        {
            var name = entry.Name;
            Assert.False(name.StartsWith("local.settings", StringComparison.OrdinalIgnoreCase), $"{entry.FullName}: developer settings are not deployed.");
            Assert.False(name.StartsWith(".env", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".env", StringComparison.OrdinalIgnoreCase), $"{entry.FullName}: environment files are not deployed.");
            if (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var reader = new StreamReader(entry.Open());
                var text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
                Assert.False(SecretLooking().IsMatch(text), $"{entry.FullName} holds a connection string or a key.");
            }
        }
    }

    [Fact]
    public async Task Every_zip_entry_stays_inside_the_app_root()
    {
        using var zip = await OpenZipAsync();

        Assert.All(zip.Entries, entry =>
        {
            Assert.False(entry.FullName.StartsWith('/') || entry.FullName.Contains('\\', StringComparison.Ordinal), entry.FullName);
            Assert.DoesNotContain("..", entry.FullName.Split('/'));
        });
    }

    private static async Task<ZipArchive> OpenZipAsync()
    {
        var package = await DeploymentPackage.GetAsync();
        return ZipFile.OpenRead(package.ZipPath);
    }

    private static async Task<string> DefaultExecutablePathAsync(ZipArchive zip)
    {
        var hostJson = zip.GetEntry("host.json") ?? throw new InvalidOperationException("host.json is not at the root of the zip.");
        await using var stream = hostJson.Open();
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
        return document.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
    }

    [GeneratedRegex(@"AccountKey=|SharedAccessKey|SharedAccessSignature|ConnectionStrings|InstrumentationKey=|""AzureWebJobsStorage""|password|secret", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLooking();
}
