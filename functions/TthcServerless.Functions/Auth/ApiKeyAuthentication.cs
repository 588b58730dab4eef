using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Auth;

/// <summary>
/// Authenticates <c>X-Api-Key</c>: the bootstrap admin key from configuration, or an issued key looked up by its hash.
/// No header means anonymous (public endpoints); a wrong or revoked key fails. Challenges and refusals answer as
/// problem+json (401, 403), and a storage outage during the lookup answers 503 rather than a misleading 401.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IOptions<TthcOptions> settings) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string StorageUnavailableItem = "tthc.auth.storage-unavailable";
    private const string BootstrapActor = "bootstrap-admin";

    private readonly byte[]? _bootstrapHash = settings.Value.UsableAdminApiKey is { } admin ? ApiKeySecret.Hash(admin) : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var key = values.ToString();
        if (values.Count != 1 || key.Length is < 16 or > 256)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var hash = ApiKeySecret.Hash(key);
        var province = settings.Value.Province;
        if (_bootstrapHash is not null && ApiKeySecret.FixedTimeEquals(hash, _bootstrapHash))
        {
            return Success(ApiRoles.Admin, null, province, BootstrapActor);
        }

        ApiKeyRecord? record;
        try
        {
            record = await keys.FindAsync(Convert.ToHexStringLower(hash), Context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogStorageUnavailable(Logger, ex.Message);
            Context.Items[StorageUnavailableItem] = true;
            return AuthenticateResult.Fail("Key store unavailable.");
        }

        if (record is null || record.IsRevoked || record.Province != province)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        return Success(record.Role, record.AgencyId, record.Province, record.KeyId);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StorageUnavailableItem))
        {
            await WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Kho dữ liệu tạm thời không truy cập được", "Không kiểm tra được khóa API lúc này; vui lòng thử lại sau.").ConfigureAwait(false);
            return;
        }

        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var detail = Request.Headers.ContainsKey(HeaderName)
            ? "Khóa API không hợp lệ hoặc đã bị thu hồi."
            : $"Cần khóa API trong tiêu đề {HeaderName}.";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Chưa xác thực", detail).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Không có quyền", "Khóa API này không được phép thực hiện thao tác này.");

    private static AuthenticateResult Success(string role, string? agencyId, string province, string actor)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Role, role),
            new(ApiClaims.Province, province),
            new(ApiClaims.KeyId, actor),
            new(ClaimTypes.Name, actor),
        };
        if (agencyId is not null)
        {
            claims.Add(new Claim(ApiClaims.AgencyId, agencyId));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key lookup failed: storage unavailable ({Reason})")]
    private static partial void LogStorageUnavailable(ILogger logger, string reason);
}

/// <summary>
/// Authorization policies by role; agency scoping (own agency only) is checked by the endpoints through
/// <see cref="Caller"/>. Authenticated staff is the fallback: an endpoint that names no policy still needs a staff key, and
/// a public endpoint says <c>AllowAnonymous</c> where it is mapped.
/// </summary>
internal static class ApiPolicies
{
    public const string Admin = "admin";
    public const string Staff = "staff";
    public const string Reporter = "reporter";

    public static IServiceCollection AddTthcAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var staff = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(ApiRoles.Admin, ApiRoles.Analyst, ApiRoles.Agency).Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(staff)
            .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin))
            .AddPolicy(Staff, staff)
            .AddPolicy(Reporter, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin, ApiRoles.Agency));
        return services;
    }
}
