namespace TthcServerless.Domain.Plans;

/// <summary>
/// A plan's task table as read from a document, before interpretation: the header cells, the rows' cells, and the
/// text that came before the table (where the title and the decision number live).
/// </summary>
public sealed record PlanTable(IReadOnlyList<string> Header, IReadOnlyList<PlanTableRow> Rows, string Preamble)
{
    /// <summary>Where the document was cut short (a line of dots, a row broken off), when it was; rows after it are not read.</summary>
    public PlanTableCut? Cut { get; init; }
}

/// <summary>
/// A document cut short: at <see cref="Position"/> (a line number) the table stops, as <see cref="Marker"/> shows. A row
/// the cut broke off is left out of <see cref="PlanTable.Rows"/> and named in <see cref="DroppedRow"/>.
/// </summary>
public sealed record PlanTableCut(int Position, string Marker, PlanTableRow? DroppedRow);

/// <summary>One row; <see cref="Position"/> says where it was (a line number, or a row number in a Word table).</summary>
public sealed record PlanTableRow(int Position, IReadOnlyList<string> Cells);

/// <summary>The document could not be read as a plan; the message says where and why (Vietnamese, for the office).</summary>
public sealed class PlanFormatException : Exception
{
    public PlanFormatException(string message)
        : base(message)
    {
    }

    public PlanFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PlanFormatException()
    {
    }
}
