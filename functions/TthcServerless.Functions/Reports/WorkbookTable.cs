namespace TthcServerless.Functions.Reports;

/// <summary>How a column's values are written: text always as text, dates as real dates, rates as fractions.</summary>
internal enum ColumnType
{
    Text,
    Integer,
    Number,
    Rate,
    Date,
    DateTime,
    Boolean,
}

/// <summary>One column of an Excel Table: its stable English name, its Vietnamese label and meaning, and its value.</summary>
internal sealed record WorkbookColumn<T>(string Name, string LabelVi, ColumnType Type, string Description, Func<T, object?> Value)
{
    /// <summary>Widest label or value considered when sizing the column (characters).</summary>
    public const int MaxWidth = 60;
}

/// <summary>A table to write: its name (unique in the workbook, not cell-like), its columns and its rows.</summary>
internal sealed record WorkbookTable<T>(string Name, IReadOnlyList<WorkbookColumn<T>> Columns, IReadOnlyList<T> Rows);

/// <summary>A line of the DataDictionary table.</summary>
internal sealed record DictionaryEntry(string TableName, string ColumnName, string LabelVi, string Type, string Description);
