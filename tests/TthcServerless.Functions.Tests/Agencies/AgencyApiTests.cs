using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Agencies;

public sealed class AgencyApiTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly TestApp _app = new(azurite.ConnectionString);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Importing_the_sample_registry_makes_its_agencies_and_groups_readable()
    {
        using var admin = _app.AdminClient();

        await SampleData.LoadRegistryAsync(admin);

        var communes = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies?group=ubnd-cap-xa", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(31, communes.GetArrayLength());
        var office = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies/van-phong-ubnd-tinh", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("so-ban-nganh-tinh", office.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Put_creates_an_agency_then_updates_it_in_place()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);

        using var created = await admin.PutAsync(new Uri("/api/agencies/so-du-lich", UriKind.Relative), Json("""{"name":"Sở Du lịch","level":"tinh","kind":"so"}"""), TestContext.Current.CancellationToken);
        using var updated = await admin.PutAsync(new Uri("/api/agencies/so-du-lich", UriKind.Relative), Json("""{"name":"Sở Du lịch tỉnh Tiền Giang","level":"tinh","kind":"so","aliases":["Sở Du lịch"]}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var agency = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies/so-du-lich", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("Sở Du lịch tỉnh Tiền Giang", agency.GetProperty("name").GetString());
        Assert.Equal(70, (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken)).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"name":"Sở X","level":"quan"}""", "level")]
    [InlineData("""{"name":"Sở X","level":"tinh","parentId":"khong-co"}""", "parentId")]
    [InlineData("""{"name":"Sở X","level":"tinh","groups":["nhom-la"]}""", "groups")]
    [InlineData("""{"name":"","level":"tinh"}""", "name")]
    [InlineData("""{"name":"Sở Tư pháp","level":"tinh"}""", "agencies")]
    [InlineData("""{"name":"Sở X","level":"tinh","mailbox":"vanthu.sox"}""", "mailbox")]
    [InlineData("""{"name":"Sở X","level":"tinh","mailbox":"Văn thư <vanthu@sox.gov.vn>"}""", "mailbox")]
    [InlineData("""{"name":"Sở X","level":"tinh","mailbox":"van thu@sox.gov.vn"}""", "mailbox")]
    public async Task Put_with_a_reference_the_registry_does_not_have_is_refused_naming_the_field_and_saves_nothing(string body, string fieldFragment)
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);

        using var response = await admin.PutAsync(new Uri("/api/agencies/so-x", UriKind.Relative), Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(fieldFragment, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/agencies/so-x", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Put_of_a_bad_mailbox_on_an_existing_agency_is_refused_naming_mailbox_and_keeps_the_record()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        var before = await admin.GetStringAsync(new Uri("/api/agencies/so-tu-phap", UriKind.Relative), TestContext.Current.CancellationToken);

        using var response = await admin.PutAsync(new Uri("/api/agencies/so-tu-phap", UriKind.Relative),
            Json("""{"name":"Sở Tư pháp","level":"tinh","kind":"so","mailbox":"vanthu@@stp.tiengiang.gov.vn"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.EndsWith("mailbox", StringComparison.Ordinal));
        Assert.Equal(before, await admin.GetStringAsync(new Uri("/api/agencies/so-tu-phap", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Sở Y Tế")]
    [InlineData("so_y_te")]
    [InlineData("a--")]
    public async Task Put_with_an_invalid_id_is_refused(string id)
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PutAsync(new Uri($"/api/agencies/{Uri.EscapeDataString(id)}", UriKind.Relative), Json("""{"name":"Sở Y tế","level":"tinh"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Put_with_a_body_id_different_from_the_path_is_refused()
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PutAsync(new Uri("/api/agencies/so-a", UriKind.Relative), Json("""{"id":"so-b","name":"Sở A","level":"tinh"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"name":"Sở A","level":"tinh","unknownField":1}""")]
    [InlineData("""{"name":42,"level":"tinh"}""")]
    [InlineData("null")]
    public async Task Put_with_malformed_json_answers_400_problem(string body)
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PutAsync(new Uri("/api/agencies/so-a", UriKind.Relative), Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_import_with_one_bad_agency_saves_none_of_them()
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PostAsync(new Uri("/api/agencies/import", UriKind.Relative),
            Json("""[{"id":"so-a","name":"Sở A","level":"tinh"},{"id":"so-b","name":"Sở B","level":"vung"}]"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken)).GetArrayLength());
    }

    [Theory]
    [InlineData("""[{"id":"so-a","name":"Sở A","level":"tinh"},null]""", "agencies[1]")]
    [InlineData("""{"agencies":[{"id":"so-a","name":"Sở A","level":"tinh","groups":[null]}]}""", "agencies[0].groups[0]")]
    [InlineData("""{"groups":[null],"agencies":[]}""", "groups[0]")]
    [InlineData("""{"levels":[{"id":"tinh","name":"Tỉnh","rank":1,"aliases":[null]}]}""", "levels[0].aliases[0]")]
    public async Task An_import_with_a_null_item_is_refused_naming_it(string body, string path)
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PostAsync(new Uri("/api/agencies/import", UriKind.Relative), Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Put_with_a_null_group_is_refused_naming_it()
    {
        using var admin = _app.AdminClient();

        using var response = await admin.PutAsync(new Uri("/api/agencies/so-a", UriKind.Relative), Json("""{"name":"Sở A","level":"tinh","groups":[null]}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("agency.groups[0]", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_import_answers_413()
    {
        using var admin = _app.AdminClient();
        var huge = "[" + string.Join(",", Enumerable.Range(0, 60_000).Select(i => $$"""{"id":"a{{i}}","name":"Cơ quan {{i}}","level":"tinh"}""")) + "]";

        using var response = await admin.PostAsync(new Uri("/api/agencies/import", UriKind.Relative), Json(huge), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Replace_mode_replaces_the_agency_list_and_merge_mode_keeps_the_rest()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);

        using var merged = await admin.PostAsync(new Uri("/api/agencies/import", UriKind.Relative), Json("""[{"id":"so-moi","name":"Sở Mới","level":"tinh"}]"""), TestContext.Current.CancellationToken);
        Assert.Equal(70, (await merged.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("agencies").GetInt32());

        using var replaced = await admin.PostAsync(new Uri("/api/agencies/import?mode=replace", UriKind.Relative), Json("""[{"id":"so-moi","name":"Sở Mới","level":"tinh"}]"""), TestContext.Current.CancellationToken);
        Assert.Equal(1, (await replaced.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("agencies").GetInt32());
    }

    [Fact]
    public async Task Concurrent_puts_of_different_agencies_all_survive()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);

        var puts = Enumerable.Range(0, 5).Select(async i =>
        {
            using var response = await admin.PutAsync(new Uri($"/api/agencies/so-moi-{i}", UriKind.Relative), Json($$"""{"name":"Sở Mới {{i}}","level":"tinh"}"""), TestContext.Current.CancellationToken);
            return response.StatusCode;
        });

        Assert.All(await Task.WhenAll(puts), status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(74, (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken)).GetArrayLength());
    }
}

/// <summary>Regression: the registry is revalidated with If-None-Match once its cached copy is 5 s old.</summary>
public sealed class AgencyRegistryCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_registry_still_reads_after_its_cached_copy_goes_stale()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new TestApp(azurite.ConnectionString)
            .WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var admin = app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(69, (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken)).GetArrayLength());

        clock.Advance(TimeSpan.FromSeconds(10));
        using var response = await admin.GetAsync(new Uri("/api/agencies", UriKind.Relative), TestContext.Current.CancellationToken);

        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        Assert.Equal(69, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetArrayLength());
    }
}
