namespace TthcServerless.Domain.Plans;

/// <summary>
/// A plan's task table as read from a document, before interpretation: the header cells, the rows' cells, and the
/// text that came before the table (where the title and the decision number live).
/// </summary>
public sealed record PlanTable(IReadOnlyList<string> Header, IReadOnlyList<PlanTableRow> Rows, string Preamble);

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
