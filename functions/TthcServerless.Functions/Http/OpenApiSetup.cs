using Microsoft.OpenApi;

namespace TthcServerless.Functions.Http;

/// <summary>The OpenAPI document served at <c>/api/openapi/v1.json</c>, with the X-Api-Key scheme declared.</summary>
internal static class OpenApiSetup
{
    public const string DocumentPath = "/api/openapi/{documentName}.json";

    public static IServiceCollection AddTthcOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "TthcServerless API",
                Version = "v1",
                Description = "Kế hoạch kiểm soát thủ tục hành chính: cơ quan, kế hoạch, nhiệm vụ, phân công, phản ánh kiến nghị. Xác thực bằng tiêu đề X-Api-Key; gửi và tra cứu phản ánh, kiến nghị không cần khóa.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "Khóa API: khóa quản trị ban đầu (Tthc__AdminApiKey), hoặc khóa do quản trị cấp cho cơ quan/chuyên viên.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] }];
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // Public endpoints (health, feedback submission and tracking) need no key: say so instead of the global scheme.
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }
            else
            {
                // Every keyed endpoint answers 401 (problem+json) to a missing, wrong or revoked key.
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse
                {
                    Description = "Chưa xác thực: thiếu, sai hoặc đã thu hồi X-Api-Key.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
                    },
                });
            }

            // Numbers and flags read by hand (RequestValues) are bound as strings; document what they really are.
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (parameter.In == ParameterLocation.Query && parameter.Name is { } name && RequestValues.Documented.TryGetValue(name, out var type))
                {
                    parameter.Schema = new OpenApiSchema { Type = type };
                }
            }

            return Task.CompletedTask;
        }));
}
