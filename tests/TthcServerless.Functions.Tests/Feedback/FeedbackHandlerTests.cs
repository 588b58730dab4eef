using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>The feedback handlers decide their outcomes without HTTP (real storage and queue, no request).</summary>
public sealed class FeedbackHandlerTests(FeedbackFixture fixture) : IClassFixture<FeedbackFixture>
{
    private static readonly Caller Office = new(ApiRoles.Admin, null, TestApp.Province, "office-key");

    private static FeedbackSubmissionRequest Submission(string channel = "web") => new()
    {
        Kind = "phan-anh",
        Subject = "Thủ tục đăng ký khai sinh",
        Content = FeedbackFixture.Content,
        Channel = channel,
        Submitter = new FeedbackSubmitterRequest { Name = "Nguyễn Văn Handler", Phone = "0901 234 567" },
    };

    private Task<MoveFeedbackCaseResult> MoveAsync(string code, FeedbackAction action, string ifMatch = "") =>
        fixture.App.Services.GetRequiredService<MoveFeedbackCase>()
            .HandleAsync(new MoveFeedbackCaseCommand(Office, code, new FeedbackCommand(action), [], ifMatch), TestContext.Current.CancellationToken);

    [Fact]
    public async Task An_analyst_key_may_not_submit_feedback()
    {
        var analyst = new Caller(ApiRoles.Analyst, null, TestApp.Province, "analyst-key");

        var result = await fixture.App.Services.GetRequiredService<SubmitFeedback>().HandleAsync(new SubmitFeedbackCommand(analyst, Submission()), TestContext.Current.CancellationToken);

        Assert.IsType<SubmitFeedbackResult.Forbidden>(result);
    }

    [Fact]
    public async Task The_public_may_not_enter_feedback_from_another_channel()
    {
        var result = await fixture.App.Services.GetRequiredService<SubmitFeedback>().HandleAsync(new SubmitFeedbackCommand(null, Submission("national-portal")), TestContext.Current.CancellationToken);

        Assert.Equal("channel", Assert.Single(Assert.IsType<SubmitFeedbackResult.Invalid>(result).Errors).Field);
    }

    [Fact]
    public async Task A_valid_submission_is_accepted_with_its_tracking_url()
    {
        var result = await fixture.App.Services.GetRequiredService<SubmitFeedback>().HandleAsync(new SubmitFeedbackCommand(null, Submission()), TestContext.Current.CancellationToken);

        var accepted = Assert.IsType<SubmitFeedbackResult.Accepted>(result);
        Assert.Equal($"/api/feedback/track/{accepted.Receipt.TrackingCode}", accepted.Receipt.TrackingUrl);
    }

    [Fact]
    public async Task A_move_on_an_unknown_case_is_not_found()
    {
        Assert.IsType<MoveFeedbackCaseResult.NotFound>(await MoveAsync("PAKN-0000-0000", FeedbackAction.Receive));
    }

    [Fact]
    public async Task A_move_gives_the_new_version_and_a_move_made_from_another_version_is_stale()
    {
        var code = await fixture.SubmitAndWaitAsync("Handler");

        var received = Assert.IsType<MoveFeedbackCaseResult.Moved>(await MoveAsync(code, FeedbackAction.Receive));
        var publishedTooEarly = await MoveAsync(code, FeedbackAction.Publish, received.ETag);
        var stale = await MoveAsync(code, FeedbackAction.ClassifyInScope, "\"999\"");

        Assert.Equal(received.ETag, MoveFeedbackCase.VersionTag(Assert.IsType<MoveFeedbackCaseResult.Stale>(stale).CurrentVersion));
        Assert.IsType<MoveFeedbackCaseResult.NotValidNow>(publishedTooEarly);
    }
}
