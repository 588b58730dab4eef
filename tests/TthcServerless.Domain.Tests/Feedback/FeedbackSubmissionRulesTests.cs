using System.Text;
using TthcServerless.Domain.Feedback;

namespace TthcServerless.Domain.Tests.Feedback;

public sealed class FeedbackSubmissionRulesTests
{
    private static readonly FeedbackSubmissionInput Valid = new(
        "phan-anh", "Thủ tục đăng ký khai sinh", "Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định.", "UBND xã Tân Mỹ Chánh",
        null, null, "Nguyễn Văn A", "0901 234 567", null, null, null);

    private static (FeedbackSubmission? Submission, List<FieldError> Errors) Clean(FeedbackSubmissionInput input)
    {
        var errors = new List<FieldError>();
        return (FeedbackSubmissionRules.Clean(input, errors), errors);
    }

    [Fact]
    public void A_complete_submission_is_accepted_with_web_and_individual_as_defaults()
    {
        var (submission, errors) = Clean(Valid);

        Assert.Empty(errors);
        Assert.Equal(FeedbackKind.PhanAnh, submission!.Kind);
        Assert.Equal(FeedbackChannel.Web, submission.Channel);
        Assert.Equal(SubmitterType.Individual, submission.SubmitterType);
        Assert.Equal("0901 234 567", submission.Contact.Phone);
    }

    [Fact]
    public void Decomposed_Vietnamese_is_stored_composed()
    {
        var (submission, _) = Clean(Valid with { Content = "Đăng ký khai sinh quá chậm".Normalize(NormalizationForm.FormD), Name = "Nguyễn Thị Ánh".Normalize(NormalizationForm.FormD) });

        Assert.Equal("Đăng ký khai sinh quá chậm", submission!.Content);
        Assert.True(submission.Content.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Nguyễn Thị Ánh", submission.Contact.Name);
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("subject")]
    [InlineData("content")]
    [InlineData("submitter.name")]
    public void Required_fields_must_be_there(string field)
    {
        var input = field switch
        {
            "kind" => Valid with { Kind = null },
            "subject" => Valid with { Subject = "   " },
            "content" => Valid with { Content = null },
            _ => Valid with { Name = "" },
        };

        Assert.Contains(Clean(input).Errors, e => e.Field == field);
    }

    [Fact]
    public void At_least_one_way_to_reach_the_sender_is_needed()
    {
        Assert.Contains(Clean(Valid with { Phone = null }).Errors, e => e.Field == "submitter");
        Assert.Contains(Clean(Valid with { Phone = " " }).Errors, e => e.Field == "submitter");
        Assert.Empty(Clean(Valid with { Phone = null, Email = "a@example.vn" }).Errors);
        Assert.Empty(Clean(Valid with { Phone = null, Address = "Số 1, đường 30/4, phường 1, Mỹ Tho" }).Errors);
    }

    [Fact]
    public void An_organisation_names_itself()
    {
        Assert.Contains(Clean(Valid with { SubmitterType = "organisation" }).Errors, e => e.Field == "submitter.organisation");
        Assert.Empty(Clean(Valid with { SubmitterType = "organisation", Organisation = "Công ty TNHH Xây dựng Tiền Giang" }).Errors);
    }

    [Theory]
    [InlineData("submitter.phone", "090-ABC-1234")]
    [InlineData("submitter.phone", "12345")]
    [InlineData("submitter.email", "not-an-email")]
    [InlineData("submitter.email", "a@b")]
    public void Phone_numbers_and_email_addresses_must_look_like_them(string field, string value)
    {
        var input = field == "submitter.phone" ? Valid with { Phone = value } : Valid with { Email = value };

        Assert.Contains(Clean(input).Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("+84 90 123 4567")]
    [InlineData("+84901234567")]
    [InlineData("(+84) 901 234 567")]
    public void A_phone_number_may_be_written_in_the_international_form(string phone)
    {
        var result = Clean(Valid with { Phone = phone });

        Assert.Empty(result.Errors);
        Assert.Equal(phone, result.Submission!.Contact.Phone);
    }

    [Theory]
    [InlineData("kind", "phản ánh")]
    [InlineData("kind", "PhanAnh")]
    [InlineData("channel", "fax")]
    [InlineData("submitter.type", "company")]
    public void Enumerations_take_their_wire_names_only(string field, string value)
    {
        var input = field switch
        {
            "kind" => Valid with { Kind = value },
            "channel" => Valid with { Channel = value },
            _ => Valid with { SubmitterType = value },
        };

        Assert.Contains(Clean(input).Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("content", 4001)]
    [InlineData("subject", 501)]
    [InlineData("submitter.name", 201)]
    [InlineData("submitter.address", 501)]
    public void Lengths_are_limited(string field, int length)
    {
        var text = new string('ạ', length);
        var input = field switch
        {
            "content" => Valid with { Content = text },
            "subject" => Valid with { Subject = text },
            "submitter.name" => Valid with { Name = text },
            _ => Valid with { Address = text },
        };

        Assert.Contains(Clean(input).Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("content", "Nội dung\u0000")]
    [InlineData("content", "Nội dung\u001b[31m")]
    [InlineData("subject", "Thủ tục\nkhai sinh")]
    [InlineData("submitter.name", "Nguyễn\tVăn A")]
    [InlineData("submitter.name", "Nguyễn Văn A\u200b")]
    public void Control_characters_are_refused_and_line_breaks_only_where_text_has_lines(string field, string value)
    {
        var input = field switch
        {
            "content" => Valid with { Content = value },
            "subject" => Valid with { Subject = value },
            _ => Valid with { Name = value },
        };

        Assert.Contains(Clean(input).Errors, e => e.Field == field);
    }

    [Fact]
    public void Content_keeps_its_paragraphs()
    {
        var (submission, errors) = Clean(Valid with { Content = "Đoạn một.\r\n\r\nĐoạn hai." });

        Assert.Empty(errors);
        Assert.Equal("Đoạn một.\n\nĐoạn hai.", submission!.Content);
    }

    [Fact]
    public void Personal_data_never_shows_in_a_record_printed_by_accident()
    {
        var (submission, _) = Clean(Valid);

        Assert.DoesNotContain("Nguyễn", submission!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0901", submission.Contact.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn", Valid.ToString(), StringComparison.Ordinal);
    }
}
