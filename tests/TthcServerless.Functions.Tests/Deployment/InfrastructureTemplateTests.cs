using System.Text.RegularExpressions;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Deployment;

/// <summary>
/// What the infrastructure promises, read from the ARM JSON that <c>bicep build infra/main.bicep</c> produces: no key
/// or connection string anywhere, HTTPS and TLS 1.2 only, every service reached with the app's user-assigned identity
/// holding exactly the roles it needs, secrets in an RBAC Key Vault, and the custom-handler runtime on Flex Consumption.
/// </summary>
public sealed partial class InfrastructureTemplateTests
{
    private const string Sites = "Microsoft.Web/sites";
    private const string RoleAssignments = "Microsoft.Authorization/roleAssignments";

    // Built-in role definition GUIDs (docs/hosting.md H8).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>Queues the app reads today or is designed to (docs/architecture: task-updates, feedback).</summary>
    private static readonly string[] KnownQueues = ["task-updates", "feedback"];

    /// <summary>Settings Flex Consumption takes from functionAppConfig instead, or does not support.</summary>
    private static readonly string[] SettingsFlexRejects =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_TIME_ZONE", "TZ",
    ];

    [Fact]
    public async Task The_template_compiles_without_an_error_or_a_warning()
    {
        var template = await InfrastructureTemplate.GetAsync();

        Assert.True(template.Diagnostics.Length == 0, template.Diagnostics);
    }

    [Fact]
    public async Task No_storage_account_key_or_connection_string_appears_anywhere()
    {
        var template = await InfrastructureTemplate.GetAsync();

        Assert.DoesNotContain("listKeys", template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings", template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", template.Json, StringComparison.OrdinalIgnoreCase);
        var settings = AppSettings(template);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain(settings.Keys, name => name.StartsWith("WEBSITE_CONTENT", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_app_reaches_host_storage_with_its_user_assigned_identity()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var settings = AppSettings(template);

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("identityClientId", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("blobEndpoint", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("queueEndpoint", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("tableEndpoint", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
        var identity = template.Resource(Sites).Body.GetProperty("identity");
        Assert.Equal("UserAssigned", identity.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_app_sets_none_of_the_settings_Flex_Consumption_replaces_or_rejects()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var settings = AppSettings(template);

        Assert.All(SettingsFlexRejects, name => Assert.DoesNotContain(name, settings.Keys));
    }

    [Fact]
    public async Task The_app_runs_the_custom_handler_runtime_on_Flex_Consumption_and_deploys_with_its_identity()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var plan = template.Resource("Microsoft.Web/serverfarms").Body;
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean(), "Flex Consumption is Linux: reserved must be true.");
        var site = template.Resource(Sites);
        Assert.Equal("functionapp,linux", site.Body.GetProperty("kind").GetString());
        var config = site.Properties.GetProperty("functionAppConfig");
        Assert.Equal("custom", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("1.0", config.GetProperty("runtime").GetProperty("version").GetString());
        var deployment = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", deployment.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());
        var scale = config.GetProperty("scaleAndConcurrency");
        Assert.Contains("instanceMemoryMB", scale.GetProperty("instanceMemoryMB").GetString(), StringComparison.Ordinal);
        Assert.Contains("maximumInstanceCount", scale.GetProperty("maximumInstanceCount").GetString(), StringComparison.Ordinal);
        Assert.Contains("alwaysReadyHttpInstances", scale.GetProperty("alwaysReady").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Always_ready_instances_are_optional_and_off_by_default()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var parameter = template.Root.GetProperty("parameters").GetProperty("alwaysReadyHttpInstances");

        Assert.Equal(0, parameter.GetProperty("defaultValue").GetInt32());
        Assert.Equal(0, parameter.GetProperty("minValue").GetInt32());
    }

    [Fact]
    public async Task The_app_answers_HTTPS_only_with_TLS_1_2_and_has_no_basic_auth_publishing_credentials()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var site = template.Resource(Sites);
        Assert.True(site.Properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", site.Properties.GetProperty("siteConfig").GetProperty("minTlsVersion").GetString());
        var policies = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], policies.SelectMany(p => p.LiteralNames()).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False(p.Properties.GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public async Task The_storage_account_accepts_only_Entra_ID_over_HTTPS_with_TLS_1_2_and_no_anonymous_blobs()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var storage = template.Resource("Microsoft.Storage/storageAccounts").Properties;

        Assert.Equal("TLS1_2", storage.GetProperty("minimumTlsVersion").GetString());
        Assert.True(storage.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.False(storage.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(storage.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.True(storage.GetProperty("defaultToOAuthAuthentication").GetBoolean());
        Assert.All(template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            container => Assert.Equal("None", container.Properties.GetProperty("publicAccess").GetString()));
    }

    [Fact]
    public async Task The_app_identity_holds_exactly_the_data_roles_it_needs_each_on_its_resource()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var appAssignments = template.OfType(RoleAssignments)
            .Where(a => a.Condition is null)
            .ToDictionary(a => RoleGuid(a), a => a);

        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher, KeyVaultSecretsUser }.Order(StringComparer.Ordinal),
            appAssignments.Keys.Order(StringComparer.Ordinal));
        Assert.All(appAssignments.Values, assignment =>
        {
            Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", assignment.Properties.GetProperty("principalId").GetString(), StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", assignment.Properties.GetProperty("principalType").GetString());
        });
        Assert.Contains("Microsoft.Storage/storageAccounts", Scope(appAssignments[StorageBlobDataOwner]), StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts", Scope(appAssignments[StorageQueueDataContributor]), StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts", Scope(appAssignments[StorageTableDataContributor]), StringComparison.Ordinal);
        Assert.Contains("Microsoft.Insights/components", Scope(appAssignments[MonitoringMetricsPublisher]), StringComparison.Ordinal);
        Assert.Contains("Microsoft.KeyVault/vaults", Scope(appAssignments[KeyVaultSecretsUser]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_roles_are_granted_only_when_an_operator_is_named()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var conditional = template.OfType(RoleAssignments).Where(a => a.Condition is not null).ToList();

        Assert.NotEmpty(conditional);
        Assert.All(conditional, a => Assert.Contains("operatorPrincipalId", a.Condition, StringComparison.Ordinal));
        Assert.Equal("", template.Root.GetProperty("parameters").GetProperty("operatorPrincipalId").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public async Task Key_Vault_uses_RBAC_and_the_app_reads_its_secrets_through_references_with_its_identity()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var vault = template.Resource("Microsoft.KeyVault/vaults").Properties;
        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.GetProperty("enableSoftDelete").GetBoolean());
        Assert.False(vault.TryGetProperty("accessPolicies", out _), "An RBAC vault has no access policies.");
        var site = template.Resource(Sites).Properties;
        Assert.Contains("identityId", site.GetProperty("keyVaultReferenceIdentity").GetString(), StringComparison.Ordinal);
        var settings = AppSettings(template);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings["Tthc__AdminApiKey"], StringComparison.Ordinal);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings["Tthc__Webhooks__SigningSecret"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_serves_the_province_the_deployment_names()
    {
        var template = await InfrastructureTemplate.GetAsync();

        Assert.Equal("[parameters('province')]", AppSettings(template)["Tthc__Province"]);
        var province = template.Root.GetProperty("parameters").GetProperty("province");
        Assert.Equal("default", province.GetProperty("defaultValue").GetString());
    }

    [Fact]
    public async Task A_secret_is_written_only_when_the_deployment_is_given_a_value_for_it()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var parameters = template.Root.GetProperty("parameters");
        foreach (var name in new[] { "adminApiKey", "webhookSigningSecret" })
        {
            Assert.Equal("securestring", parameters.GetProperty(name).GetProperty("type").GetString());
            Assert.Equal("", parameters.GetProperty(name).GetProperty("defaultValue").GetString());
        }

        var secrets = template.OfType("Microsoft.KeyVault/vaults/secrets").ToList();
        Assert.Equal(["tthc-admin-api-key", "tthc-webhook-signing-secret"], secrets.SelectMany(s => s.LiteralNames()).Order(StringComparer.Ordinal));
        Assert.All(secrets, s => Assert.StartsWith("[not(empty(parameters(", s.Condition, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Telemetry_is_accepted_only_with_Entra_ID_from_the_app_identity()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var insights = template.Resource("Microsoft.Insights/components").Properties;
        Assert.True(insights.GetProperty("DisableLocalAuth").GetBoolean());
        Assert.Contains("Microsoft.OperationalInsights/workspaces", insights.GetProperty("WorkspaceResourceId").GetString(), StringComparison.Ordinal);
        var authentication = AppSettings(template)["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        Assert.Contains("ClientId={0};Authorization=AAD", authentication, StringComparison.Ordinal);
        Assert.Contains("identityClientId", authentication, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_queue_the_app_reads_exists_with_its_poison_queue()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var queues = template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").SelectMany(q => q.LiteralNames()).ToHashSet(StringComparer.Ordinal);
        var read = AppFunctions.All.OfType<QueueFunctionDefinition>().Select(f => f.QueueName).Concat(KnownQueues).Distinct(StringComparer.Ordinal);

        Assert.All(read, queue =>
        {
            Assert.Contains(queue, queues);
            Assert.Contains(queue + "-poison", queues);
        });
    }

    [Fact]
    public async Task Report_blobs_move_to_the_cool_tier_and_are_never_deleted_automatically()
    {
        var template = await InfrastructureTemplate.GetAsync();

        var containers = template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").SelectMany(c => c.LiteralNames());
        Assert.Contains("reports", containers);
        var rules = template.Resource("Microsoft.Storage/storageAccounts/managementPolicies").Properties
            .GetProperty("policy").GetProperty("rules").EnumerateArray().ToList();
        var reports = Assert.Single(rules, r => r.GetProperty("definition").GetProperty("filters").GetProperty("prefixMatch")
            .EnumerateArray().Any(p => p.GetString() == "reports/"));
        Assert.True(reports.GetProperty("definition").GetProperty("actions").GetProperty("baseBlob").TryGetProperty("tierToCool", out _));
        Assert.All(rules, rule => Assert.DoesNotContain("\"delete\"", rule.GetRawText(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_app_carries_the_azd_service_tag_named_in_azure_yaml_and_the_outputs_operators_use()
    {
        var template = await InfrastructureTemplate.GetAsync();
        var azureYaml = await File.ReadAllTextAsync(RepositoryRoot.Combine("azure.yaml"), TestContext.Current.CancellationToken);

        var service = AzdServiceName().Match(azureYaml).Groups["name"].Value;

        Assert.Equal("api", service);
        Assert.Contains($"'azd-service-name', '{service}'", template.Resource(Sites).Body.GetProperty("tags").GetString(), StringComparison.Ordinal);
        var outputs = template.Root.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToList();
        Assert.Contains("API_BASE_URL", outputs);
        Assert.Contains("AZURE_FUNCTION_APP_NAME", outputs);
        Assert.Contains("AZURE_STORAGE_ACCOUNT_NAME", outputs);
        Assert.Contains("AZURE_KEY_VAULT_NAME", outputs);
        Assert.Contains($"SERVICE_{service.ToUpperInvariant()}_NAME", outputs);
    }

    private static Dictionary<string, string> AppSettings(InfrastructureTemplate template) =>
        template.Resource(Sites).Properties.GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").ToString(), StringComparer.OrdinalIgnoreCase);

    private static string RoleGuid(ArmResource assignment) =>
        RoleDefinitionGuid().Match(assignment.Properties.GetProperty("roleDefinitionId").GetString()!).Groups["guid"].Value;

    private static string Scope(ArmResource assignment) => assignment.Body.GetProperty("scope").GetString()!;

    [GeneratedRegex(@"roleDefinitions', '(?<guid>[0-9a-f-]{36})'\)\]$")]
    private static partial Regex RoleDefinitionGuid();

    [GeneratedRegex(@"^services:\s*\n(?:\s*#.*\n)*\s+(?<name>[a-z][a-z0-9-]*):", RegexOptions.Multiline)]
    private static partial Regex AzdServiceName();
}
