using TthcServerless.Domain;
using TthcServerless.Domain.Plans;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Plans;

/// <summary>A plan as it was sent: a Word file, copied text (tab cells or a Markdown table), or the canonical JSON.</summary>
internal abstract record PlanSource
{
    public sealed record Docx(byte[] Bytes) : PlanSource;

    public sealed record Text(byte[] Bytes) : PlanSource;

    public sealed record Json(PlanDocument Document) : PlanSource;
}

/// <summary>What the query names about the plan; each wins over the JSON body, which wins over the document's own text.</summary>
internal sealed record PlanIdentityOverrides(
    string? PlanId = null, string? Province = null, int? Year = null, string? DecisionNumber = null, DateOnly? DecisionDate = null, string? Title = null);

internal sealed record ImportPlanCommand(Caller Caller, PlanSource Source, PlanIdentityOverrides Overrides);

/// <summary>Every way importing a plan can end.</summary>
internal abstract record ImportPlanResult
{
    /// <summary>A plan not stored before.</summary>
    [Responds(StatusCodes.Status201Created, Body = typeof(PlanImportResponse))]
    public sealed record Created(PlanImportResponse Plan) : ImportPlanResult;

    /// <summary>A revision of a stored plan, or the same content again (nothing changed).</summary>
    [Responds(StatusCodes.Status200OK, Body = typeof(PlanImportResponse))]
    public sealed record Imported(PlanImportResponse Plan) : ImportPlanResult;

    /// <summary>The plan's identity is missing or wrong; nothing was imported.</summary>
    [Responds(StatusCodes.Status400BadRequest)]
    public sealed record Invalid(IReadOnlyList<FieldError> Errors, string Detail) : ImportPlanResult;

    /// <summary>The content cannot be read as a plan, or is beyond the plan limits.</summary>
    [Responds(StatusCodes.Status400BadRequest)]
    public sealed record Unreadable(string Detail) : ImportPlanResult;

    /// <summary>Another import of the same plan finished first.</summary>
    [Responds(StatusCodes.Status409Conflict)]
    public sealed record Conflict(string Detail) : ImportPlanResult;
}

/// <summary>
/// Imports a plan: reads the table from the document, checks the plan limits, resolves its identity, compiles it against
/// the agency registry and stores it. The same content again changes nothing; an amended plan is updated in place.
/// </summary>
internal sealed class ImportPlan(AgencyRegistryStore registries, PlanStore plans, CurrentPlans currentPlans)
{
    public async Task<ImportPlanResult> HandleAsync(ImportPlanCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = command.Caller;
        PlanDraft draft;
        var document = (command.Source as PlanSource.Json)?.Document;
        try
        {
            switch (command.Source)
            {
                case PlanSource.Docx docx:
                    draft = PlanTableInterpreter.Interpret(DocxPlanReader.Read(docx.Bytes));
                    break;
                case PlanSource.Text text:
                    if (RequestBody.DecodeText(text.Bytes) is not { } decoded)
                    {
                        return new ImportPlanResult.Unreadable("Văn bản không phải UTF-8 (hoặc UTF-16 có BOM) hợp lệ.");
                    }

                    draft = PlanTableInterpreter.Interpret(PlanTextReader.Read(decoded));
                    break;
                default:
                    draft = document!.ToDraft();
                    break;
            }

            PlanLimits.Check(draft);
        }
        catch (PlanFormatException ex)
        {
            return new ImportPlanResult.Unreadable(ex.Message);
        }

        var errors = new List<FieldError>();
        var identity = Identity(caller, draft.Metadata, document, command.Overrides, errors);
        if (identity is null)
        {
            return new ImportPlanResult.Invalid(errors, "Thiếu hoặc sai thông tin định danh kế hoạch; không có gì được nhập.");
        }

        var (registry, _) = await registries.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
        Plan plan;
        PlanImportOutcome outcome;
        try
        {
            plan = PlanCompiler.Compile(identity, draft, registry);
            outcome = await plans.ImportAsync(plan, caller.Actor, cancellationToken).ConfigureAwait(false);
        }
        catch (PlanFormatException ex)
        {
            // What only compiling or storing shows: too many assignments, a plan too large for a table row.
            return new ImportPlanResult.Unreadable(ex.Message);
        }
        catch (PlanImportConflictException)
        {
            return new ImportPlanResult.Conflict($"Kế hoạch '{identity.PlanId}' vừa được nhập đồng thời bởi yêu cầu khác; vui lòng kiểm tra rồi thử lại.");
        }

        currentPlans.Invalidate(identity.Province, identity.PlanId);

        var response = new PlanImportResponse(
            identity.PlanId,
            identity.Province,
            identity.Year,
            outcome.Header.Revision,
            outcome.Status.ToString().ToLowerInvariant(),
            outcome.Header.TaskCount,
            outcome.Header.AssignmentCount,
            new PlanChanges(outcome.Added, outcome.Removed, outcome.Changed),
            outcome.Status == PlanImportStatus.Unchanged ? outcome.Header.Warnings : plan.Warnings);
        return outcome.Status == PlanImportStatus.Created ? new ImportPlanResult.Created(response) : new ImportPlanResult.Imported(response);
    }

    /// <summary>Query parameters win over the JSON body, which wins over what the document says about itself.</summary>
    private static PlanIdentity? Identity(Caller caller, PlanMetadata metadata, PlanDocument? document, PlanIdentityOverrides query, List<FieldError> errors) =>
        PlanIdentityRules.Resolve(
            query.PlanId ?? document?.PlanId,
            query.Province ?? document?.Province ?? caller.Province,
            caller.Province,
            query.Year ?? document?.Year ?? metadata.Year,
            query.DecisionNumber ?? document?.DecisionNumber ?? metadata.DecisionNumber,
            query.DecisionDate ?? document?.DecisionDate ?? metadata.DecisionDate,
            query.Title ?? document?.Title ?? metadata.Title,
            errors);
}
