using TthcServerless.Domain.Feedback;

namespace TthcServerless.Domain.Tests.Feedback;

public sealed class TrackingCodeTests
{
    [Fact]
    public void A_new_code_reads_PAKN_and_two_groups_of_four_from_the_unambiguous_alphabet()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = TrackingCode.New().ToString();

            Assert.Matches("^PAKN-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$", code);
        }
    }

    [Fact]
    public void The_alphabet_has_no_look_alikes()
    {
        Assert.Equal(30, TrackingCode.Alphabet.Length);
        Assert.Equal(30, TrackingCode.Alphabet.Distinct().Count());
        foreach (var ambiguous in "01OILU")
        {
            Assert.DoesNotContain(ambiguous, TrackingCode.Alphabet);
        }
    }

    [Fact]
    public void A_code_parses_back_as_people_type_it()
    {
        var code = TrackingCode.New();
        var shown = code.ToString();

        Assert.Equal(code, TrackingCode.TryParse(shown));
        Assert.Equal(code, TrackingCode.TryParse(shown.ToLowerInvariant()));
        Assert.Equal(code, TrackingCode.TryParse(code.Compact));
        Assert.Equal(code, TrackingCode.TryParse(" pakn " + code.Compact[..4] + " " + code.Compact[4..] + " "));
        Assert.Equal(code, TrackingCode.TryParse(code.Compact[..2] + "-" + code.Compact[2..]));
    }

    [Fact]
    public void A_random_part_that_starts_like_the_prefix_still_parses_without_it()
    {
        var compact = TrackingCode.Alphabet.Select(c => "PAKN23" + c).Select(random => random + TrackingCode.CheckCharacter(random))
            .First(candidate => candidate.Length == TrackingCode.CompactLength);

        Assert.Equal(compact, TrackingCode.TryParse(compact)?.Compact);
        Assert.Equal(compact, TrackingCode.TryParse("PAKN-" + compact)?.Compact);
    }

    [Fact]
    public void Every_single_mistyped_character_is_caught()
    {
        for (var sample = 0; sample < 50; sample++)
        {
            var compact = TrackingCode.New().Compact;
            for (var position = 0; position < compact.Length; position++)
            {
                foreach (var other in TrackingCode.Alphabet.Where(c => c != compact[position]))
                {
                    var typo = compact[..position] + other + compact[(position + 1)..];

                    Assert.Null(TrackingCode.TryParse(typo));
                }
            }
        }
    }

    [Fact]
    public void Every_swap_of_two_neighbouring_characters_is_caught()
    {
        for (var sample = 0; sample < 500; sample++)
        {
            var compact = TrackingCode.New().Compact;
            for (var position = 0; position < compact.Length - 1; position++)
            {
                if (compact[position] == compact[position + 1])
                {
                    continue;
                }

                var swapped = compact[..position] + compact[position + 1] + compact[position] + compact[(position + 2)..];

                Assert.Null(TrackingCode.TryParse(swapped));
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("PAKN-")]
    [InlineData("PAKN-7KQ4-M9X")]
    [InlineData("PAKN-7KQ4-M9XDD")]
    [InlineData("PAKN-0KQ4-M9XD")]
    [InlineData("PAKN-OKQ4-M9XD")]
    [InlineData("PAKN-IKQ4-M9XD")]
    [InlineData("PAKN-7KQ4-M9X\u0000")]
    [InlineData("PAKN-7KQ4-M9XĐ")]
    public void Anything_else_is_not_a_code(string? text)
    {
        Assert.Null(TrackingCode.TryParse(text));
    }

    [Fact]
    public void Codes_are_equal_by_value()
    {
        var code = TrackingCode.New();

        Assert.Equal(code, TrackingCode.TryParse(code.ToString()));
        Assert.Equal(code.GetHashCode(), TrackingCode.TryParse(code.ToString())!.GetHashCode());
        Assert.NotEqual(code, TrackingCode.New());
    }
}
