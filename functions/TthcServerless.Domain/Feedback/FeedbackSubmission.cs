using System.Text.RegularExpressions;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Feedback;

/// <summary>
/// The sender's personal data: stored apart from the case, shown only to the province office and the agency the case is
/// assigned to, never logged, never exported. <see cref="ToString"/> hides every value, so a stray log line or exception
/// message cannot carry them.
/// </summary>
public sealed record FeedbackContact(string Name, string? Phone, string? Email, string? Address, string? Organisation)
{
    public override string ToString() => "FeedbackContact { personal data hidden }";
}

/// <summary>A submission as sent, before any cleaning: every field as the sender typed it.</summary>
public sealed record FeedbackSubmissionInput(
    string? Kind,
    string? Subject,
    string? Content,
    string? AgencyConcerned,
    string? Channel,
    string? SubmitterType,
    string? Name,
    string? Phone,
    string? Email,
    string? Address,
    string? Organisation)
{
    public override string ToString() => "FeedbackSubmissionInput { personal data hidden }";
}

/// <summary>A submission that passed <see cref="FeedbackSubmissionRules.Clean"/>: what the case and the contact store.</summary>
public sealed record FeedbackSubmission(
    FeedbackKind Kind,
    string Subject,
    string Content,
    string? AgencyConcerned,
    FeedbackChannel Channel,
    SubmitterType SubmitterType,
    FeedbackContact Contact)
{
    public override string ToString() => $"FeedbackSubmission {{ Kind = {Kind}, Channel = {Channel}, personal data hidden }}";
}

/// <summary>
/// What a submission must say (Nghị định 20/2008 Art 7, docs/regulations.md §2.2: clear content naming the regulation, the
/// sender's name and a way to reach them) and the edge rules for free text: Unicode NFC, control characters refused,
/// lengths within what storage and a person can handle.
/// </summary>
public static partial class FeedbackSubmissionRules
{
    public const int MaxSubjectLength = 500;
    public const int MaxContentLength = 4000;
    public const int MaxAgencyLength = 300;
    public const int MaxNameLength = 200;
    public const int MaxPhoneLength = 20;
    public const int MaxEmailLength = 254;
    public const int MaxAddressLength = 500;
    public const int MaxOrganisationLength = 300;

    /// <summary>Cleans and checks a submission; null (and <paramref name="errors"/> filled) when it is not acceptable.</summary>
    public static FeedbackSubmission? Clean(FeedbackSubmissionInput input, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;

        var kind = ParseEnum<FeedbackKind>(input.Kind, "kind", required: true, errors);
        var channel = input.Channel is null ? FeedbackChannel.Web : ParseEnum<FeedbackChannel>(input.Channel, "channel", required: true, errors);
        var submitterType = input.SubmitterType is null ? Feedback.SubmitterType.Individual : ParseEnum<SubmitterType>(input.SubmitterType, "submitter.type", required: true, errors);

        var subject = Required(input.Subject, "subject", MaxSubjectLength, multiline: false, errors);
        var content = Required(input.Content, "content", MaxContentLength, multiline: true, errors);
        var agency = FieldText.Clean(input.AgencyConcerned, "agencyConcerned", MaxAgencyLength, multiline: false, errors);

        var name = Required(input.Name, "submitter.name", MaxNameLength, multiline: false, errors);
        var beforeOrganisation = errors.Count;
        var organisation = FieldText.Clean(input.Organisation, "submitter.organisation", MaxOrganisationLength, multiline: false, errors);
        if (submitterType == Feedback.SubmitterType.Organisation && organisation is null && errors.Count == beforeOrganisation)
        {
            errors.Add(new FieldError("submitter.organisation", "bắt buộc khi người gửi là tổ chức."));
        }

        var beforeContact = errors.Count;
        // "+84 …" is how many people write their number: IsPhone admits only digits and + - . ( ) and space.
        var phone = FieldText.Clean(input.Phone, "submitter.phone", MaxPhoneLength, multiline: false, errors);
        var email = FieldText.Clean(input.Email, "submitter.email", MaxEmailLength, multiline: false, errors);
        var address = FieldText.Clean(input.Address, "submitter.address", MaxAddressLength, multiline: true, errors);
        if (phone is not null && !IsPhone(phone))
        {
            errors.Add(new FieldError("submitter.phone", "không phải số điện thoại (6–15 chữ số; được dùng dấu cách, + - . ( ))."));
        }

        if (email is not null && !EmailPattern().IsMatch(email))
        {
            errors.Add(new FieldError("submitter.email", "không phải địa chỉ thư điện tử."));
        }

        if (errors.Count == beforeContact && phone is null && email is null && address is null)
        {
            errors.Add(new FieldError("submitter", "cần ít nhất một cách liên hệ: số điện thoại, thư điện tử hoặc địa chỉ."));
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new FeedbackSubmission(kind!.Value, subject!, content!, agency, channel!.Value, submitterType!.Value,
            new FeedbackContact(name!, phone, email, address, organisation));
    }

    /// <summary>Cleans a staff-written text (note, reason, reply, answer): NFC, no control characters, within the limit.</summary>
    public static string? CleanStaffText(string? value, string field, int maxLength, bool required, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return required
            ? Required(value, field, maxLength, multiline: true, errors)
            : FieldText.Clean(value, field, maxLength, multiline: true, errors);
    }

    /// <summary>A kebab-case wire value (<c>phan-anh</c>, <c>in-person</c>) to its enum member; null with an error otherwise.</summary>
    public static T? ParseEnum<T>(string? value, string field, bool required, List<FieldError> errors)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            if (required)
            {
                errors.Add(new FieldError(field, $"bắt buộc: một trong {string.Join(", ", WireName.All<T>())}."));
            }

            return null;
        }

        if (WireName.TryParse<T>(value, out var member))
        {
            return member;
        }

        errors.Add(new FieldError(field, $"'{Shorten(value)}' không hợp lệ: một trong {string.Join(", ", WireName.All<T>())}."));
        return null;
    }

    private static string? Required(string? value, string field, int maxLength, bool multiline, List<FieldError> errors)
    {
        var before = errors.Count;
        var text = FieldText.Clean(value, field, maxLength, multiline, errors);
        if (text is null && errors.Count == before)
        {
            errors.Add(new FieldError(field, "bắt buộc, không được để trống."));
        }

        return text;
    }

    private static bool IsPhone(string phone)
    {
        var digits = 0;
        foreach (var c in phone)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '+' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return digits is >= 6 and <= 15;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    // Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is not checkable here.
    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
