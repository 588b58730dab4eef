using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace TthcServerless.Domain.Reminders;

/// <summary>The sections of a digest, in the order they are shown.</summary>
public enum ReminderSection
{
    Overdue,
    DueToday,
    Upcoming,
    NotReported,
    Feedback,
}

/// <summary>
/// One line of a digest: which item, which rule fired, what it says and where the API shows it. Lines never carry a
/// citizen's personal data: a PAKN line names its tracking code, stage and deadline only.
/// </summary>
public sealed record ReminderLine(
    string ItemKey,
    ReminderItemKind Kind,
    ReminderSection Section,
    string RuleId,
    string? PlanId,
    string? TaskId,
    string? AgencyId,
    string? AgencyName,
    string Text,
    DateOnly DueDate,
    int? WorkingDaysOverdue,
    string Link);

/// <summary>A digest as sent: its subject, plain text and HTML, the lines shown and how many were left out.</summary>
public sealed record ReminderMessage(string Subject, string Text, string Html, int LinesShown, int LinesOmitted);

/// <summary>
/// One recipient's reminders for one working day: "Nhắc việc ngày dd/MM/yyyy". <see cref="Id"/>
/// (<c>rem-{province}-{yyyyMMdd}-{recipient}</c>) is the idempotency key on every channel.
/// </summary>
public sealed record ReminderDigest(string Province, DateOnly Date, string RecipientId, string? RecipientName, IReadOnlyList<ReminderLine> Lines)
{
    // Vietnamese letters stay readable in the HTML; only markup characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public string Id => IdOf(Province, Date, RecipientId);

    public string Title => $"Nhắc việc ngày {Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";

    public static string IdOf(string province, DateOnly date, string recipientId) =>
        $"rem-{province}-{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{recipientId}";

    /// <summary>Reads a digest id of <paramref name="province"/> back into its date and recipient; null when it is not one.</summary>
    public static (DateOnly Date, string RecipientId)? ParseId(string province, string? id)
    {
        var prefix = $"rem-{province}-";
        if (id is null || !id.StartsWith(prefix, StringComparison.Ordinal) || id.Length < prefix.Length + 10 || id[prefix.Length + 8] != '-'
            || !DateOnly.TryParseExact(id.AsSpan(prefix.Length, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        var recipient = id[(prefix.Length + 9)..];
        return recipient.Length == 0 ? null : (date, recipient);
    }

    public static string SectionTitle(ReminderSection section) => section switch
    {
        ReminderSection.Overdue => "Quá hạn",
        ReminderSection.DueToday => "Đến hạn hôm nay",
        ReminderSection.Upcoming => "Sắp đến hạn",
        ReminderSection.NotReported => "Chưa báo cáo kỳ này",
        _ => "PAKN",
    };

    /// <summary>The message for every channel: at most <paramref name="maxLines"/> lines, then "và N mục khác".</summary>
    public ReminderMessage Render(int maxLines, Uri? apiBase = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        var text = new StringBuilder();
        var html = new StringBuilder();
        var heading = RecipientName is null ? Title : $"{Title} — {RecipientName}";
        text.Append(heading).Append('\n');
        html.Append("<h1>").Append(Html.Encode(heading)).Append("</h1>\n");
        var shown = 0;
        foreach (var section in Lines.GroupBy(l => l.Section).OrderBy(g => g.Key))
        {
            if (shown >= maxLines)
            {
                break;
            }

            var lines = section.Take(maxLines - shown).ToList();
            var title = $"{SectionTitle(section.Key)} ({section.Count()})";
            text.Append('\n').Append(title).Append('\n');
            html.Append("<h2>").Append(Html.Encode(title)).Append("</h2>\n<ul>\n");
            foreach (var line in lines)
            {
                var link = apiBase is null ? line.Link : new Uri(apiBase, line.Link).ToString();
                var body = Describe(line);
                text.Append("- ").Append(body).Append(" — ").Append(link).Append('\n');
                html.Append("<li>").Append(Html.Encode(body)).Append(" — <a href=\"").Append(Html.Encode(link)).Append("\">")
                    .Append(Html.Encode(line.Link)).Append("</a></li>\n");
            }

            html.Append("</ul>\n");
            shown += lines.Count;
        }

        var omitted = Lines.Count - shown;
        if (omitted > 0)
        {
            var more = $"và {omitted} mục khác (xem đủ trong hộp thư nhắc việc: GET /api/inbox/{Id})";
            text.Append('\n').Append(more).Append('\n');
            html.Append("<p>").Append(Html.Encode(more)).Append("</p>\n");
        }

        return new ReminderMessage(Title, text.ToString(), html.ToString(), shown, omitted);
    }

    /// <summary>A line in words: "[plan] task: content (agency) — hạn dd/MM/yyyy, quá hạn N ngày làm việc".</summary>
    public static string Describe(ReminderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var builder = new StringBuilder();
        if (line.PlanId is not null)
        {
            builder.Append('[').Append(line.PlanId).Append("] ").Append(line.TaskId).Append(": ");
        }

        builder.Append(line.Text);
        if (line.AgencyName is not null)
        {
            builder.Append(" (").Append(line.AgencyName).Append(')');
        }

        builder.Append(" — hạn ").Append(line.DueDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        if (line.WorkingDaysOverdue is { } overdue)
        {
            builder.Append(", quá hạn ").Append(overdue.ToString(CultureInfo.InvariantCulture)).Append(" ngày làm việc");
        }

        return builder.ToString();
    }
}
