#version 300 es
// Polygon overlay: vertices in plane coordinates relative to the view centre (float32-safe). Fills take
// `position` as it is (uWidth 0); lines are quads: each corner is an endpoint `position` pushed
// uWidth / 2 device pixels sideways (`side`, +1 or -1, about the direction to the `other` endpoint) and
// uWidth / 2 back, away from the other endpoint, so that the lines of a polygon join at its corners.
in vec2 position;
in vec2 other;
in float side;
uniform vec2 uHalfExtent;  // half the view's width and height in plane units
uniform vec2 uViewport;    // the viewport in device pixels
uniform float uWidth;      // line width in device pixels (0: a fill)
void main() {
  vec2 p = position / uHalfExtent;
  if (uWidth > 0.0) {
    vec2 hv = uViewport * 0.5;
    vec2 d = (other - position) / uHalfExtent * hv;  // to the other endpoint, in device pixels
    float len = length(d);
    vec2 u = len > 0.0 ? d / len : vec2(1.0, 0.0);
    vec2 n = vec2(-u.y, u.x);
    p += (n * side - u) * (0.5 * uWidth) / hv;
  }
  gl_Position = vec4(p, 0.0, 1.0);
}
