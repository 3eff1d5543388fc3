/** A small lake for query tests: three restaurants (phones in the phone column and in bios) and eight posts. */
export const FIXTURE_RESTAURANTS_CSV = [
  'restaurant_name,city,phone,instagram_handle,followers,posts,bio,website',
  `Joe's Pizza,New York,555-123-4567,@joes_pizza,12.5K,300,"Call us at (212) 555-0199 for orders, or 212–555–0199 after 10",https://joes.example`,
  'Golden Gate Dumplings,San Francisco,+1 415 555 0123,goldengate_dumplings,8K,120,"Dumplings daily. Text 415.555.0188 to book, or ４１５​５５５​０１７７",https://gg.example',
  'Windy Deep Dish,Chicago,3125550147,@WindyDeepDish,1.2M,900,"Since 1985. Open 11-22, est. 2024-05-01",https://windy.example',
].join('\n');

export const FIXTURE_POSTS_CSV = [
  'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url',
  'p1,pizza nyc,@joes_pizza,2024-05-01,100,10,#pizza #nyc,"Fresh slice! DROP TABLE posts; -- not really. Order: 555 123 4567",slice,https://instagram.com/p/p1',
  'p2,pizza nyc,@joes_pizza,2024-05-02,200,20,#pizza,"Weekend special LIMIT 1 per person",pie,https://instagram.com/p/p2',
  'p3,dumplings sf,goldengate_dumplings,2024-05-03,50,5,#dumplings #sf,"Hot dumplings #foodie. Paris: +33 1 42 68 53 00, Tokyo: +81-3-1234-5678",dumplings,https://instagram.com/p/p3',
  'p4,dumplings sf,goldengate_dumplings,2024-05-04,-1,3,#dumplings,"Hidden likes DELETE nothing",steam,https://instagram.com/p/p4',
  'p5,deep dish chicago,@windydeepdish,2024-05-05,300,30,#deepdish #chicago,"Deep dish day",pizza,https://instagram.com/p/p5',
  'p6,deep dish chicago,@windydeepdish,2024-05-06,400,40,#deepdish,"Call +1 312 555 0147 now",pizza,https://instagram.com/p/p6',
  'p7,pizza nyc,someone_else,2024-05-07,10,1,#pizza #nyc,"A fan post",slice,https://instagram.com/p/p7',
  'p8,tacos austin,taco_fan,2024-05-08,20,2,#tacos,"Tacos!",tacos,https://instagram.com/p/p8',
].join('\n');

/** Every raw phone number in the fixture, digits only: none may ever appear in a query result (see asciiDigits). */
export const FIXTURE_RAW_PHONE_DIGITS = [
  '4155550177',
  '33142685300',
  '81312345678',
  '5551234567',
  '2125550199',
  '14155550123',
  '4155550123',
  '4155550188',
  '3125550147',
  '13125550147',
];

/** The digits of a text in ASCII, whatever their script (full-width and the other decimal digits of the fixture). */
export function asciiDigits(text: string): string {
  return Array.from(text.normalize('NFKC'))
    .filter((ch) => /\p{Nd}/u.test(ch))
    .map((ch) => {
      const zero = ['0', '\u0660', '\u06F0', '\u0966'].find(
        (z) => ch >= z && ch <= String.fromCharCode(z.charCodeAt(0) + 9),
      );
      if (zero === undefined) throw new Error(`asciiDigits: no digit table for ${ch}`);
      return String(ch.charCodeAt(0) - zero.charCodeAt(0));
    })
    .join('');
}
