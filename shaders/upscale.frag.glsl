// Copies a reduced frame's colours (coloured at its own resolution by composite.frag.glsl) onto the canvas:
// each canvas pixel takes the data pixel that the composite itself would have read for it, by the same
// expression, so the picture is the one the composite over the whole canvas drew.
precision highp float;
precision highp int;
uniform highp sampler2D uColour; // RGBA8, uDataSize
uniform vec2 uDataSize;
uniform vec2 uTargetSize;
out vec4 fragColor;

void main() {
  ivec2 size = ivec2(uDataSize);
  ivec2 q = ivec2(floor(gl_FragCoord.xy * uDataSize / uTargetSize));
  q = min(q, size - 1);
  fragColor = texelFetch(uColour, q, 0);
}
