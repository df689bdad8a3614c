import Discovery
import FieldCursor
import OrderedJSON
import Testing

/// Values typed by the schema: numbers, int64 strings, booleans, enums and the string formats.
@Suite struct CursorValueTests {
  @Test func integersAreNumbersAndInt64sAreStrings() {
    #expect(
      body(["count=20", "small=4294967295", "big=-9223372036854775808", "huge=18446744073709551615", "stock.a=007"])
        == #"{"count":20,"small":4294967295,"big":"-9223372036854775808","huge":"18446744073709551615","stock":{"a":7}}"#
    )
  }

  @Test func integerRangesAreChecked() {
    #expect(errors(["small=-1"]) == ["'-1' is not a valid uint32 for 'small' (out of range)"])
    #expect(
      errors(["big=9223372036854775808"]) == ["'9223372036854775808' is not a valid int64 for 'big' (out of range)"])
    #expect(errors(["count=1.5"]) == ["'1.5' is not a valid int32 for 'count'"])
    #expect(errors(["huge=12a"]) == ["'12a' is not a valid uint64 for 'huge'"])
  }

  @Test func doublesKeepTheirLiteral() {
    #expect(body(["price=20", "ratio=0.25"]) == #"{"price":20,"ratio":0.25}"#)
    #expect(body(["price=1e3"]) == #"{"price":1e3}"#)
    #expect(body(["price=.5"]) == #"{"price":0.5}"#)
    #expect(errors(["price=cheap"]) == ["'cheap' is not a valid double for 'price'"])
  }

  /// Issue 14, finding 6: a double or float must be finite and within its type's range.
  @Test func doublesAndFloatsAreRangeChecked() {
    #expect(errors(["price=1e400"]) == ["'1e400' is not a valid double for 'price' (out of range)"])
    #expect(errors(["price=-1e309"]) == ["'-1e309' is not a valid double for 'price' (out of range)"])
    #expect(errors(["price=inf"]) == ["'inf' is not a valid double for 'price'"])
    #expect(errors(["price=nan"]) == ["'nan' is not a valid double for 'price'"])
    #expect(errors(["ratio=1e39"]) == ["'1e39' is not a valid float for 'ratio' (out of range)"])
    #expect(errors(["ratio=-3.5e38"]) == ["'-3.5e38' is not a valid float for 'ratio' (out of range)"])
    #expect(body(["price=1.7e308", "ratio=3.4e38"]) == #"{"price":1.7e308,"ratio":3.4e38}"#)
    #expect(body(["ratio=1e-50"]) == #"{"ratio":1e-50}"#)
    // Raw JSON goes through the same check.
    #expect(errors(["price:=1e400"]) == ["'1e400' is not a valid double for 'price' (out of range)"])
    #expect(errors([#"extra:={"a":1e400}"#]) == [])
  }

  @Test func booleans() {
    #expect(body(["paid=true"]) == #"{"paid":true}"#)
    #expect(body(["paid=false"]) == #"{"paid":false}"#)
    #expect(errors(["paid=yes"]) == ["'yes' is not a valid boolean for 'paid' (expected true or false)"])
  }

  @Test func enumsMatchIgnoringCaseAndAreNormalised() {
    #expect(body(["size=half_pint", "sizes=pint"]) == #"{"size":"HALF_PINT","sizes":["PINT"]}"#)
    #expect(errors(["sizes=QUART"]) == ["'QUART' is not a value of 'sizes'; the values are: PINT, HALF_PINT"])
  }

  @Test func bytesMustBeBase64() {
    #expect(body(["photo=aGVsbG8="]) == #"{"photo":"aGVsbG8="}"#)
    #expect(body(["photo=aGVsbG8"]) == #"{"photo":"aGVsbG8"}"#)
    #expect(errors(["photo=not base64!"]) == ["'not base64!' is not a valid byte for 'photo' (expected base64)"])
  }

  @Test func datesTimesDurationsAndMasks() {
    #expect(
      body([
        "day=2024-02-29", "at=2024-05-01T12:00:00.5+02:00", "until=2024-05-01T12:00:00Z", "wait=3.5s", "mask=a.b,c",
      ])
        == #"{"day":"2024-02-29","at":"2024-05-01T12:00:00.5+02:00","until":"2024-05-01T12:00:00Z","wait":"3.5s","mask":"a.b,c"}"#
    )
    #expect(errors(["day=2023-02-29"]) == ["'2023-02-29' is not a valid date for 'day' (expected YYYY-MM-DD)"])
    #expect(
      errors(["at=2024-05-01 12:00"])
        == [
          "'2024-05-01 12:00' is not a valid date-time for 'at' (expected an RFC 3339 time such as 2024-05-01T12:00:00Z)"
        ])
    #expect(
      errors(["wait=3.5"]) == [
        "'3.5' is not a valid google-duration for 'wait' (expected seconds with an 's' suffix, such as 3.5s)"
      ])
    #expect(
      errors(["mask=a,,b"])
        == ["'a,,b' is not a valid google-fieldmask for 'mask' (expected comma-separated field paths, such as a.b,c)"])
  }

  @Test func anyTakesJSONOrKeepsText() {
    #expect(body(["extra=[1,true]"]) == #"{"extra":[1,true]}"#)
    #expect(body(["extra=hello there"]) == #"{"extra":"hello there"}"#)
    #expect(body(["extra.a.b=1"]) == #"{"extra":{"a":{"b":1}}}"#)
  }

  @Test func emptyStringsAreSettable() {
    #expect(body(["name=", "mask=", "tags="]) == #"{"name":"","mask":"","tags":[""]}"#)
  }
}
