namespace TthcServerless.Domain.Calendar;

/// <summary>Calendar data could not be read, or it breaks a rule; <see cref="Problems"/> lists each broken rule.</summary>
public sealed class CalendarDataException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public CalendarDataException()
        : this("The holiday calendar data is not valid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CalendarDataException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and the error that caused it (e.g. a JSON error).</summary>
    public CalendarDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception for a list of broken rules.</summary>
    public CalendarDataException(string message, IReadOnlyList<string> problems)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Problems = problems;
    }

    /// <summary>Each broken rule as one English sentence, suitable to show an administrator.</summary>
    public IReadOnlyList<string> Problems { get; }
}
