[assembly: AssemblyFixture(typeof(TthcServerless.Functions.Tests.Infrastructure.AzuriteFixture))]

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// The one in-memory Azurite shared by every test of the run. It is always stopped when the run ends. Test classes
/// isolate their data with a storage name prefix of their own (<see cref="NewPrefix"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite is not started.")).ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartInMemoryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A fresh prefix for table, queue and container names: lowercase, starts with a letter, 9 characters.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..8];
}
