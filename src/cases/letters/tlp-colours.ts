/** TLP 2.0 label colours (FIRST): the marking's text colour, always on a black background. */
export const TLP_COLOURS: Record<string, string> = {
  CLEAR: '#FFFFFF',
  GREEN: '#33FF00',
  AMBER: '#FFC000',
  'AMBER+STRICT': '#FFC000',
  RED: '#FF2B2B',
}
