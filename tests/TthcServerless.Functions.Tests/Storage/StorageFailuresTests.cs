using Azure;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Tests.Storage;

/// <summary>One classifier decides what a failure says about storage, by status code and exception type.</summary>
public sealed class StorageFailuresTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public void A_status_that_means_later_is_an_outage(int status) =>
        Assert.Equal(StorageFailureKind.Outage, StorageFailures.Classify(new RequestFailedException(status, "x")));

    [Theory]
    [InlineData(400)]
    [InlineData(409)]
    [InlineData(412)]
    public void A_refusal_is_storage_s_but_not_an_outage(int status)
    {
        var failure = new RequestFailedException(status, "x");
        Assert.Equal(StorageFailureKind.Refused, StorageFailures.Classify(failure));
        Assert.False(StorageFailures.IsOutage(failure));
        Assert.True(StorageFailures.IsStorageFailure(failure));
    }

    [Theory]
    [InlineData("TableNotFound")]
    [InlineData("QueueNotFound")]
    [InlineData("ContainerNotFound")]
    public void A_vanished_resource_is_an_outage_because_it_is_created_again(string code) =>
        Assert.True(StorageFailures.IsOutage(new RequestFailedException(404, "x", code, null)));

    [Fact]
    public void No_connection_a_timeout_and_missing_configuration_are_outages()
    {
        Assert.True(StorageFailures.IsOutage(new HttpRequestException("refused")));
        Assert.True(StorageFailures.IsOutage(new TimeoutException()));
        Assert.True(StorageFailures.IsOutage(new TaskCanceledException("timed out", new TimeoutException())));
        Assert.True(StorageFailures.IsOutage(new StorageNotConfiguredException("Storage is not configured")));
    }

    [Fact]
    public void The_message_text_decides_nothing() =>
        Assert.Equal(StorageFailureKind.None, StorageFailures.Classify(new InvalidOperationException("Storage is not configured")));

    [Fact]
    public void An_aggregate_is_an_outage_only_when_every_part_is()
    {
        Assert.True(StorageFailures.IsOutage(new AggregateException(new HttpRequestException(), new RequestFailedException(503, "x"))));
        Assert.Equal(StorageFailureKind.Refused, StorageFailures.Classify(new AggregateException(new HttpRequestException(), new RequestFailedException(409, "x"))));
        Assert.Equal(StorageFailureKind.None, StorageFailures.Classify(new AggregateException(new HttpRequestException(), new FormatException())));
    }

    [Fact]
    public void A_plain_cancellation_or_a_bug_is_not_storage_s()
    {
        Assert.Equal(StorageFailureKind.None, StorageFailures.Classify(new OperationCanceledException()));
        Assert.Equal(StorageFailureKind.None, StorageFailures.Classify(new ArgumentException("bug")));
    }
}
