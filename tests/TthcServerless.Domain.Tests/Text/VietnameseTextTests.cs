using System.Text;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Tests.Text;

public sealed class VietnameseTextTests
{
    [Fact]
    public void Clean_turns_NFD_into_NFC()
    {
        var decomposed = "Sở Tư pháp".Normalize(NormalizationForm.FormD);

        Assert.Equal("Sở Tư pháp".Normalize(NormalizationForm.FormC), VietnameseText.Clean(decomposed));
    }

    [Fact]
    public void Clean_collapses_tabs_no_break_spaces_and_newlines_and_trims()
    {
        Assert.Equal("Văn phòng UBND tỉnh", VietnameseText.Clean("\t Văn phòng\u00A0\u00A0UBND\r\ntỉnh \u200B"));
    }

    [Fact]
    public void Clean_drops_control_characters()
    {
        Assert.Equal("Sở Y tế", VietnameseText.Clean("Sở\u0007 Y\u0000 tế"));
    }

    [Fact]
    public void Match_keys_ignore_case_spacing_and_normalization_form()
    {
        Assert.Equal(VietnameseText.MatchKey("SỞ TƯ PHÁP"), VietnameseText.MatchKey("  sở   tư pháp ".Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void Match_keys_keep_diacritics_meaningful()
    {
        Assert.NotEqual(VietnameseText.MatchKey("xã Tân Thanh"), VietnameseText.MatchKey("xã Tân Thạnh"));
    }

    [Fact]
    public void Match_keys_unify_old_and_new_tone_placement()
    {
        Assert.Equal(VietnameseText.MatchKey("Uỷ ban nhân dân xã Hoà Hưng"), VietnameseText.MatchKey("Ủy ban nhân dân xã Hòa Hưng"));
    }

    [Fact]
    public void Match_keys_spell_out_UBND()
    {
        Assert.Equal(VietnameseText.MatchKey("Ủy ban nhân dân cấp xã"), VietnameseText.MatchKey("UBND cấp xã"));
    }

    [Fact]
    public void Match_tokens_keep_commas_and_parentheses_as_separators()
    {
        var tokens = VietnameseText.MatchTokens("Văn phòng, Bưu điện tỉnh (ghi chú)").Select(t => t.Value);

        Assert.Equal(["văn", "phòng", ",", "bưu", "điện", "tỉnh", "(", "ghi", "chú", ")"], tokens);
    }

    [Fact]
    public void NormalizeDocument_unifies_line_endings_and_keeps_tabs()
    {
        Assert.Equal("a\tb\nc\nd", VietnameseText.NormalizeDocument("a\tb\r\nc\rd"));
    }
}
