using TthcServerless.Functions;
using TthcServerless.Functions.Health;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Storage;

// `write-function-metadata <dir>` regenerates the function.json folders from AppFunctions (no server starts).
if (args is ["write-function-metadata", var metadataDirectory])
{
    FunctionMetadataWriter.WriteAll(AppFunctions.All, metadataDirectory);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);

// Nothing here may touch storage: under the host the process must listen within 30 s.
builder.AddFunctionsHosting(AppFunctions.All);
builder.Services.AddTthcStorage(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<StorageHealthProbe>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapInvocationEndpoints();
var api = app.MapGroup("/api");
api.MapHealthEndpoints();

await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The app's entry point; public so integration tests can host it.</summary>
public partial class Program;
