using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Auth;

public sealed class ApiKeyTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly TestApp _app = new(azurite.ConnectionString);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_issued_agency_key_is_shown_once_and_stored_only_as_its_SHA256()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);

        var key = await SampleData.IssueAgencyKeyAsync(admin, "so-tu-phap");

        var listed = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies/so-tu-phap/keys", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(key, listed.GetRawText(), StringComparison.Ordinal);
        var table = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient($"{_app.Prefix}ApiKeys");
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.All(entity, property => Assert.NotEqual(key, property.Value?.ToString()));
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("hash", hash, cancellationToken: TestContext.Current.CancellationToken)).HasValue);
    }

    [Fact]
    public async Task Made_up_keys_are_refused_without_growing_the_key_cache()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin); // the admin key itself is configuration, never cached
        var store = _app.Services.GetRequiredService<TthcServerless.Functions.Auth.ApiKeyStore>();
        var before = store.CachedKeys;

        foreach (var attempt in Enumerable.Range(0, 200))
        {
            using var stranger = _app.ClientWithKey($"tthc_made-up-key-number-{attempt:D4}-xxxxxxxxxxxx");
            using var response = await stranger.GetAsync(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(before, store.CachedKeys);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        var key = await SampleData.IssueAgencyKeyAsync(admin, "so-tu-phap");
        using var agency = _app.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await agency.GetAsync(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        var keyId = (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies/so-tu-phap/keys", UriKind.Relative), TestContext.Current.CancellationToken))[0].GetProperty("keyId").GetString();

        using var revoke = await admin.DeleteAsync(new Uri($"/api/agencies/so-tu-phap/keys/{keyId}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agency.GetAsync(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_key_cannot_be_revoked_through_another_agency()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.IssueAgencyKeyAsync(admin, "so-tu-phap");
        var keyId = (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies/so-tu-phap/keys", UriKind.Relative), TestContext.Current.CancellationToken))[0].GetProperty("keyId").GetString();

        using var response = await admin.DeleteAsync(new Uri($"/api/agencies/so-y-te/keys/{keyId}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_key_for_an_agency_not_in_the_registry_is_refused()
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PostAsync(new Uri("/api/agencies/khong-co/keys", UriKind.Relative), JsonContent.Create(new { }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("agency")]
    [InlineData("superuser")]
    [InlineData(null)]
    public async Task Only_analyst_and_admin_keys_are_issued_at_the_keys_endpoint(string? role)
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PostAsync(new Uri("/api/keys", UriKind.Relative), JsonContent.Create(new { role }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_issued_admin_key_can_do_what_the_bootstrap_key_does()
    {
        using var bootstrap = _app.AdminClient();
        var key = await SampleData.IssueKeyAsync(bootstrap, "admin");
        using var admin = _app.ClientWithKey(key);

        await SampleData.LoadRegistryAsync(admin);
    }

    [Fact]
    public async Task A_short_or_oversized_key_header_is_refused_not_looked_up()
    {
        using var shortKey = _app.ClientWithKey("short");
        using var longKey = _app.ClientWithKey(new string('x', 300));

        Assert.Equal(HttpStatusCode.Unauthorized, (await shortKey.GetAsync(new Uri("/api/plans", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await longKey.GetAsync(new Uri("/api/plans", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_unresolved_Key_Vault_reference_is_not_an_admin_key()
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin-api-key/)";
        await using var app = new TestApp(azurite.ConnectionString).WithSetting("Tthc:AdminApiKey", reference);
        using var client = app.ClientWithKey(reference);

        using var response = await client.GetAsync(new Uri("/api/plans", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_admin_key_there_is_no_bootstrap_admin()
    {
        await using var app = new TestApp(azurite.ConnectionString).WithSetting("Tthc:AdminApiKey", "");
        using var client = app.ClientWithKey(TestApp.AdminKey);

        using var response = await client.GetAsync(new Uri("/api/plans", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
