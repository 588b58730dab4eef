namespace TthcServerless.Functions.Hosting;

/// <summary>The functions this app declares, looked up by name the way the host names them.</summary>
public sealed class FunctionCatalog
{
    private readonly Dictionary<string, FunctionDefinition> _byName;

    public FunctionCatalog(IEnumerable<FunctionDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        All = [.. definitions];
        // Folder names are case-insensitive on Windows and in the host's function lookup.
        _byName = new Dictionary<string, FunctionDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in All)
        {
            if (!_byName.TryAdd(definition.Name, definition))
            {
                throw new InvalidOperationException($"Function '{definition.Name}' is declared twice.");
            }
        }
    }

    public IReadOnlyList<FunctionDefinition> All { get; }

    public IEnumerable<TimerFunctionDefinition> Timers => All.OfType<TimerFunctionDefinition>();

    public IEnumerable<QueueFunctionDefinition> Queues => All.OfType<QueueFunctionDefinition>();

    public FunctionDefinition? Find(string name) => _byName.GetValueOrDefault(name);
}
