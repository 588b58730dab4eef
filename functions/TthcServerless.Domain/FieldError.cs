namespace TthcServerless.Domain;

/// <summary>A problem with one field of an input (a request body, an imported document), answered as a 400 naming the field.</summary>
public sealed record FieldError(string Field, string Message);
